package dev.overdrive.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link StressMain} briefly ({@code stress.it.duration}, 5 s by default) in a JVM of its own
 * under the agent, as {@code run.sh} does for 30 s: it must pass every check, and the JVM must exit
 * on its own within 5 s of main returning.
 */
class StressIT {

  private static final long EXIT_LIMIT_MS = 5_000;

  @Test
  void everyAnnotationFromManyThreadsLosesNothingAndLeavesNoThreadBehind() throws Exception {
    String agent = System.getProperty("stress.it.agent");
    try (JarFile jar = new JarFile(agent)) {
      assertTrue(
          jar.getManifest().getMainAttributes().getValue("Premain-Class") != null,
          agent + " is not the agent");
    }
    List<String> classpath = new ArrayList<>();
    classpath.add(System.getProperty("stress.it.classes"));
    File[] libs = new File(System.getProperty("stress.it.lib")).listFiles();
    for (File lib : libs == null ? new File[0] : libs) {
      classpath.add(lib.getPath());
    }
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + agent,
            "-Dstress.duration=" + System.getProperty("stress.it.duration", "5s"),
            "-cp",
            String.join(File.pathSeparator, classpath),
            StressMain.class.getName());
    Path out = Files.createTempFile("stress", ".out");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(out.toFile())
              .start();
      if (!p.waitFor(240, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("the stress JVM did not exit within 240 s:\n" + Files.readString(out));
      }
      long exited = System.currentTimeMillis();
      String output = Files.readString(out, StandardCharsets.UTF_8);
      System.out.println(output);
      assertEquals(0, p.exitValue(), "exit status\n" + output);
      assertTrue(output.contains("RESULT: PASS"), output);
      assertTrue(
          !output.contains("[overdrive] WARN") && !output.contains("[overdrive] ERROR"),
          "Overdrive reported a problem\n" + output);
      long returned = mainReturnedAt(output);
      assertTrue(
          exited - returned <= EXIT_LIMIT_MS,
          "the JVM took "
              + (exited - returned)
              + " ms to exit after main returned (limit "
              + EXIT_LIMIT_MS
              + " ms)\n"
              + output);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private static long mainReturnedAt(String output) {
    String marker = "STRESS main returns at epochMillis=";
    int at = output.lastIndexOf(marker);
    assertTrue(at >= 0, "no '" + marker + "' line:\n" + output);
    String rest = output.substring(at + marker.length()).trim();
    return Long.parseLong(rest.split("\\s")[0]);
  }
}
