package dev.overdrive.demo.load;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * {@code compare}'s progress on stderr. On a terminal, one bar per stage, redrawn in place with a
 * carriage return. Anywhere else (a log file, a pipe, CI) a carriage return does not go back: every
 * redraw, five a second, would pile onto one line thousands of characters long. There it prints
 * plain lines: one when a stage ends, and one every {@link #PLAIN_EVERY_SECONDS} seconds of a long
 * stage.
 */
final class ProgressPrinter {

  static final double PLAIN_EVERY_SECONDS = 10;
  private static final int WIDTH = 24;

  private final PrintStream err;
  private final boolean terminal;

  ProgressPrinter(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** For this JVM's stderr: bars when it runs on a terminal, plain lines otherwise. */
  static ProgressPrinter forThisJvm(PrintStream err) {
    return new ProgressPrinter(err, onTerminal());
  }

  static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try { // Java 22+ returns a console even when the streams are redirected; it says which
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return true; // before 22 a console means a terminal
    }
  }

  /** The progress of one stage ("warm-up", "measure") of the phase {@code prefix} names. */
  LoadGenerator.Progress stage(String prefix, String stage) {
    if (terminal) {
      return (fraction, completed, elapsed) -> {
        double done = Math.min(1, fraction);
        int filled = (int) Math.round(done * WIDTH);
        String bar =
            "=".repeat(Math.max(0, filled - 1))
                + (filled > 0 ? ">" : "")
                + " ".repeat(WIDTH - filled);
        err.printf(
            Locale.ROOT,
            "\r%s [%s] %3.0f%% %-7s %,9.0f req/s   ",
            prefix,
            bar,
            done * 100,
            stage,
            rate(completed, elapsed));
        err.flush();
      };
    }
    double[] nextLine = {PLAIN_EVERY_SECONDS};
    return (fraction, completed, elapsed) -> {
      if (fraction >= 1 || elapsed >= nextLine[0]) {
        nextLine[0] = elapsed + PLAIN_EVERY_SECONDS;
        err.printf(
            Locale.ROOT,
            "%s %3.0f%% %-7s %,9.0f req/s%n",
            prefix,
            Math.min(1, fraction) * 100,
            stage,
            rate(completed, elapsed));
        err.flush();
      }
    };
  }

  /** Ends the line a bar was drawn on (plain lines are ended already). */
  void endStage() {
    if (terminal) {
      err.println();
    }
  }

  /** A phase's result, in place of its bar on a terminal. */
  void result(String line) {
    err.print((terminal ? "\r" : "") + line + System.lineSeparator());
    err.flush();
  }

  private static double rate(long completed, double elapsed) {
    return elapsed > 0 ? completed / elapsed : 0;
  }
}
