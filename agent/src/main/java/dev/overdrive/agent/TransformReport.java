package dev.overdrive.agent;

import dev.overdrive.runtime.Log;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the agent did, for the user: with {@code overdrive.report=true} one line per instrumented
 * method as its class loads; otherwise one summary line when the JVM exits. A class's lines are
 * held until its transformation succeeds, so a class left unchanged is never reported as
 * instrumented.
 */
final class TransformReport {

  private final boolean verbose;
  private final AtomicInteger methods = new AtomicInteger();
  private final AtomicInteger classes = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();
  private final AtomicInteger failedClasses = new AtomicInteger();

  /** The class being transformed on this thread: its lines, and how to take back its sites. */
  private final ThreadLocal<List<String>> pending = ThreadLocal.withInitial(ArrayList::new);

  private final ThreadLocal<List<Runnable>> undo = ThreadLocal.withInitial(ArrayList::new);

  /** Whether the class being transformed on this thread was reported before (retransformed). */
  private final ThreadLocal<Boolean> repeat = new ThreadLocal<>();

  private final Map<Object, Set<String>> seen = new WeakHashMap<>();

  TransformReport(boolean verbose) {
    this.verbose = verbose;
  }

  /**
   * A transformation of {@code className} begins on this thread. A class transformed again (another
   * agent, Mockito, a debugger retransforming it) is instrumented again but not reported again:
   * each method is listed, and each misuse told, once.
   */
  void begin(ClassLoader loader, String className) {
    pending.get().clear();
    undo.get().clear();
    boolean first;
    synchronized (seen) {
      first =
          seen.computeIfAbsent(loader == null ? seen : loader, l -> new HashSet<>()).add(className);
    }
    repeat.set(!first);
  }

  private boolean quiet() {
    return Boolean.TRUE.equals(repeat.get());
  }

  /** A method's advice is planned; reported once its class is transformed. */
  void planned(String method, String what) {
    if (!quiet()) {
      pending.get().add(method + " " + what);
    }
  }

  /** Sites registered for the class, taken back if its transformation fails. */
  void registered(List<Runnable> rollback) {
    undo.get().addAll(rollback);
  }

  /** A misused annotation: the method runs as plain code. */
  void rejected(String method, String problem) {
    if (!quiet()) {
      rejected.incrementAndGet();
      Log.error(method, problem + "; the method runs as plain code");
    }
  }

  /** Something the user should know about a method that is instrumented all the same. */
  void warned(String method, String warning) {
    if (!quiet()) {
      Log.warn(method, warning);
    }
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
    undo.get().clear();
  }

  /**
   * The one place a failed class transformation is told: the class is left unchanged, so nothing
   * planned for it is reported and the sites registered for it are taken back.
   */
  void failed(String className, Throwable cause) {
    failedClasses.incrementAndGet();
    pending.get().clear();
    List<Runnable> rollback = undo.get();
    rollback.forEach(Runnable::run);
    rollback.clear();
    Log.error(className, "transformation failed, the class is left unchanged: " + cause);
  }

  String summary() {
    return methods.get()
        + " method"
        + (methods.get() == 1 ? "" : "s")
        + " instrumented in "
        + classes.get()
        + " class"
        + (classes.get() == 1 ? "" : "es")
        + ", "
        + rejected.get()
        + " left plain by bad annotations, "
        + failedClasses.get()
        + " class transformation failures"
        + (verbose ? "" : " (-Doverdrive.report=true lists them)");
  }
}
