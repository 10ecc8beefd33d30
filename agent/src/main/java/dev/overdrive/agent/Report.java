package dev.overdrive.agent;

import dev.overdrive.runtime.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the agent did, for the user: with {@code overdrive.report=true} one line per instrumented
 * method as its class loads; otherwise one summary line when the JVM exits. A class's lines are
 * held until its transformation succeeds, so a class left unchanged is never reported as
 * instrumented.
 */
final class Report {

  private final boolean verbose;
  private final AtomicInteger methods = new AtomicInteger();
  private final AtomicInteger classes = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger failedClasses = new AtomicInteger();
  private final ThreadLocal<List<String>> pending = ThreadLocal.withInitial(ArrayList::new);
  private final ThreadLocal<Boolean> failureLogged = new ThreadLocal<>();

  Report(boolean verbose) {
    this.verbose = verbose;
  }

  boolean verbose() {
    return verbose;
  }

  /** A method's advice is planned; reported once its class is transformed. */
  void planned(String method, String what) {
    pending.get().add(method + " " + what);
  }

  /** A method was left as plain code because of a bad annotation (already logged). */
  void rejected() {
    rejected.incrementAndGet();
  }

  /** A line for {@code overdrive.report=true} only. */
  void detail(String line) {
    if (verbose) {
      Log.info(line);
    }
  }

  void transformed() {
    List<String> lines = pending.get();
    if (!lines.isEmpty()) {
      classes.incrementAndGet();
      methods.addAndGet(lines.size());
      if (verbose) {
        for (String line : lines) {
          Log.info("instrumented " + line);
        }
      }
      lines.clear();
    }
  }

  /** A class's transformation failed and the cause was logged; it is left unchanged. */
  void failed() {
    failedClasses.incrementAndGet();
    pending.get().clear();
    failureLogged.set(Boolean.TRUE);
  }

  /** Whether {@link #failed} ran on this thread since the last call; clears the mark. */
  boolean takeFailureLogged() {
    boolean logged = failureLogged.get() != null;
    failureLogged.remove();
    return logged;
  }

  void discard() {
    pending.get().clear();
  }

  String summary() {
    return methods.get() + " method" + (methods.get() == 1 ? "" : "s") + " instrumented in "
        + classes.get() + " class" + (classes.get() == 1 ? "" : "es") + ", " + rejected.get()
        + " left plain by bad annotations, " + failedClasses.get()
        + " class transformation failures"
        + (verbose ? "" : " (-Doverdrive.report=true lists them)");
  }
}
