package dev.overdrive.it.app;

import java.util.Objects;

/**
 * The scenarios' reporting protocol: one stdout line per check, {@code PASS name} or {@code FAIL
 * name: detail}, then {@code DONE}. The JUnit side turns each line into a test, so one forked JVM
 * proves many things, and a check that throws is a failure, not a crash.
 */
public final class Checks {

  /** A check's body. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private Checks() {}

  public static void check(String name, Body body) {
    try {
      body.run();
      System.out.println("PASS " + name);
    } catch (AssertionError | Exception e) {
      System.out.println("FAIL " + name + ": " + e);
    }
    System.out.flush();
  }

  public static void equal(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual);
    }
  }

  public static void that(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }

  public static void done() {
    System.out.println("DONE");
    System.out.flush();
  }
}
