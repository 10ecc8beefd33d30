package dev.overdrive.stress;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What "no thread left behind" means here. Overdrive's threads ({@code overdrive-*}) are pooled
 * daemons: idle ones may linger (their pools time them out after 60 s), and being daemons they
 * never keep the JVM alive. So a thread is left behind when, after the work is done and Overdrive's
 * executors have had time to drain:
 *
 * <ul>
 *   <li>it is an {@code overdrive-*} thread that is not a daemon (it would keep the JVM alive), or
 *   <li>it is an {@code overdrive-*} thread with a frame of this program's code on its stack, in
 *       any state (a task of ours still running, blocked or waiting: stuck in user code), or
 *   <li>it is any other live non-daemon thread besides {@code main} (and the JVM's {@code
 *       DestroyJavaVM}): the JVM could not exit on its own.
 * </ul>
 *
 * Whether the JVM then exits promptly on its own (main returns, no {@code System.exit}) is measured
 * from outside, by {@code run.sh} and {@code StressIT}.
 */
final class Threads {

  private static final String OURS = "dev.overdrive.stress.";

  private Threads() {}

  /** The problems above, waiting up to {@code waitMillis} for them to clear. */
  static List<String> leftBehind(long waitMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + waitMillis;
    while (true) {
      List<String> problems = check();
      if (problems.isEmpty() || System.currentTimeMillis() >= deadline) {
        return problems;
      }
      Thread.sleep(50);
    }
  }

  private static List<String> check() {
    List<String> problems = new ArrayList<>();
    Thread me = Thread.currentThread();
    for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
      Thread t = e.getKey();
      if (t == me || !t.isAlive()) {
        continue;
      }
      String name = t.getName();
      if (name.startsWith("overdrive-")) {
        if (!t.isDaemon()) {
          problems.add(name + " is not a daemon (" + t.getState() + ")");
        }
        StackTraceElement ours = firstOfOurs(e.getValue());
        if (ours != null) {
          problems.add(name + " is " + t.getState() + " in our code at " + ours);
        }
      } else if (!t.isDaemon() && !name.equals("DestroyJavaVM")) {
        problems.add(
            "non-daemon thread "
                + name
                + " is "
                + t.getState()
                + (firstOfOurs(e.getValue()) != null ? " at " + firstOfOurs(e.getValue()) : ""));
      }
    }
    return problems;
  }

  private static StackTraceElement firstOfOurs(StackTraceElement[] stack) {
    for (StackTraceElement frame : stack) {
      if (frame.getClassName().startsWith(OURS)) {
        return frame;
      }
    }
    return null;
  }

  /** Overdrive's live threads by pool ({@code overdrive-default}, ...), with their states. */
  static Map<String, String> overdriveThreads() {
    Map<String, List<String>> byPool = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String name = t.getName();
      if (name.startsWith("overdrive-") && t.isAlive()) {
        String pool = name.replaceAll("-\\d+$", "");
        byPool
            .computeIfAbsent(pool, p -> new ArrayList<>())
            .add(t.getState() + (t.isDaemon() ? "" : " NON-DAEMON"));
      }
    }
    Map<String, String> summary = new TreeMap<>();
    byPool.forEach(
        (pool, states) -> {
          Map<String, Integer> counts = new TreeMap<>();
          for (String s : states) {
            counts.merge(s, 1, Integer::sum);
          }
          summary.put(pool, states.size() + " " + counts);
        });
    return summary;
  }
}
