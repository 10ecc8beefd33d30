package dev.overdrive.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MpscLinkedQueueLayout}'s promise, read from the JVM itself: {@code producerNode} and
 * {@code consumerNode} at least 128 bytes apart, with 128 bytes of the object before the first and
 * after the second. HotSpot chooses field offsets, so this reads them ({@code
 * Unsafe.objectFieldOffset}, through reflection: a test may) on this JVM, and on JVMs forked with
 * the flags that change the layout: 8-byte references ({@code -XX:-UseCompressedOops}), a 16-byte
 * header ({@code -XX:-UseCompressedClassPointers}), 16-byte object alignment.
 */
class MpscLinkedQueueLayoutTest {

  private static final int APART = 128;

  /** Offsets in bytes: the two fields, and the highest offset of any field of the queue. */
  record Offsets(long producer, long consumer, long last) {

    static Offsets ofThisJvm() throws ReflectiveOperationException {
      Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      Object unsafe = theUnsafe.get(null);
      java.lang.reflect.Method offsetOf =
          unsafe.getClass().getMethod("objectFieldOffset", Field.class);
      long producer = -1;
      long consumer = -1;
      long last = -1;
      for (Class<?> c = MpscLinkedQueue.class; c != Object.class; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers())) {
            continue;
          }
          long offset = (long) offsetOf.invoke(unsafe, f);
          last = Math.max(last, offset);
          if (f.getName().equals("producerNode")) {
            producer = offset;
          } else if (f.getName().equals("consumerNode")) {
            consumer = offset;
          }
        }
      }
      if (producer < 0 || consumer < 0) { // no JUnit here: the probe JVM runs this without it
        throw new IllegalStateException("producerNode or consumerNode not found");
      }
      return new Offsets(producer, consumer, last);
    }

    static Offsets parse(String line) {
      String[] f = line.trim().split(" ");
      return new Offsets(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
    }

    void check(String jvm) {
      String where =
          jvm
              + ": producerNode at "
              + producer
              + ", consumerNode at "
              + consumer
              + ", last field at "
              + last;
      assertTrue(producer >= APART, where + ": fewer than " + APART + " bytes before producerNode");
      assertTrue(
          consumer - producer >= APART,
          where + ": the two fields are fewer than " + APART + " bytes apart");
      assertTrue(
          last - consumer >= APART, where + ": fewer than " + APART + " bytes after consumerNode");
    }
  }

  /** Prints this JVM's offsets, for the forked checks. */
  public static final class Probe {
    public static void main(String[] args) throws Exception {
      Offsets o = Offsets.ofThisJvm();
      System.out.println(o.producer() + " " + o.consumer() + " " + o.last());
    }
  }

  @Test
  void fieldsAreOnCacheLinePairsOfTheirOwnInThisJvm() throws Exception {
    Offsets.ofThisJvm().check("this JVM");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-XX:-UseCompressedOops",
        "-XX:-UseCompressedClassPointers",
        "-XX:ObjectAlignmentInBytes=16"
      })
  void fieldsAreOnCacheLinePairsOfTheirOwnInAForkedJvm(String flag) throws Exception {
    Offsets.parse(fork(flag)).check("a JVM with " + flag);
  }

  /** The probe's answer in a JVM started with {@code flag}; at most 60 s. */
  private static String fork(String flag)
      throws IOException, InterruptedException, URISyntaxException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                flag,
                "-cp",
                location(MpscLinkedQueue.class)
                    + java.io.File.pathSeparator
                    + location(Probe.class),
                Probe.class.getName()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean exited = p.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(exited, "the probe JVM did not exit in 60 s: " + command);
    assertEquals(0, p.exitValue(), "the probe JVM failed: " + out);
    // The last line: JDKs that warn about sun.misc.Unsafe print the warning first.
    String[] lines = out.strip().split("\\R");
    return lines[lines.length - 1];
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
