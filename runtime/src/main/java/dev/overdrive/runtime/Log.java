package dev.overdrive.runtime;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * Everything the agent tells the user goes through here, one line each, prefixed {@code
 * [overdrive]}, on standard error. No logging framework: the agent must not depend on, or
 * initialize, the application's.
 */
public final class Log {

  private Log() {}

  public static void info(String message) {
    System.err.println("[overdrive] " + message);
  }

  /** A misused annotation or property; the subject runs as plain code. */
  public static void error(String subject, String problem) {
    System.err.println("[overdrive] ERROR " + subject + ": " + problem);
  }

  public static void warn(String subject, String problem) {
    System.err.println("[overdrive] WARN " + subject + ": " + problem);
  }

  /** A failure with its stack trace, for exceptions that have no caller to reach. */
  public static void failure(String subject, String problem, Throwable t) {
    StringWriter trace = new StringWriter();
    t.printStackTrace(new PrintWriter(trace));
    System.err.print("[overdrive] ERROR " + subject + ": " + problem + "\n" + trace);
  }
}
