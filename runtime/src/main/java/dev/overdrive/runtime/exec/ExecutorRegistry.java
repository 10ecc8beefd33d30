package dev.overdrive.runtime.exec;

import dev.overdrive.runtime.Shutdown;
import dev.overdrive.runtime.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The named executors, created from system properties on first use and drained at JVM shutdown
 * within {@code overdrive.shutdown.timeout} (default {@code 10s}).
 */
public final class ExecutorRegistry {

  private static final Map<String, NamedExecutor> BY_NAME = new ConcurrentHashMap<>();

  private ExecutorRegistry() {}

  /**
   * What is wrong with executor {@code name}'s configuration, or {@code null}; for the agent to
   * report at transform time.
   */
  public static String problem(String name) {
    try {
      ExecutorConfig.read(name, Config.system());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /**
   * How many tasks executor {@code name} runs at once ({@link Integer#MAX_VALUE} for virtual
   * threads); its configuration must have been checked by {@link #problem}.
   */
  public static int threads(String name) {
    ExecutorConfig c = ExecutorConfig.read(name, Config.system());
    return c.virtual() ? Integer.MAX_VALUE : c.threads();
  }

  /**
   * The executor called {@code name}; its configuration must have been checked by {@link #problem}.
   */
  public static NamedExecutor named(String name) {
    NamedExecutor e = BY_NAME.get(name);
    return e != null ? e : create(name);
  }

  private static synchronized NamedExecutor create(String name) {
    NamedExecutor e = BY_NAME.get(name);
    if (e == null) {
      if (BY_NAME.isEmpty()) {
        Shutdown.register(Shutdown.Phase.DRAIN, ExecutorRegistry::drainAll);
      }
      e = new NamedExecutor(name, ExecutorConfig.read(name, Config.system()));
      BY_NAME.put(name, e);
    }
    return e;
  }

  /**
   * Waits until every executor is idle, seen twice a millisecond apart (a task between queue and
   * thread is briefly in neither), or until {@code timeoutNanos} passed.
   */
  public static boolean awaitIdle(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    int idleInARow = 0;
    while (idleInARow < 2) {
      boolean idle = true;
      for (NamedExecutor e : BY_NAME.values()) {
        idle &= e.isIdle();
      }
      idleInARow = idle ? idleInARow + 1 : 0;
      if (idleInARow < 2) {
        if (System.nanoTime() - deadline >= 0) {
          return false;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      }
    }
    return true;
  }

  private static void drainAll() {
    Duration timeout =
        Config.system().durationOrDefault(Config.SHUTDOWN_TIMEOUT, Duration.ofSeconds(10));
    long deadline = System.nanoTime() + timeout.toNanos();
    List<NamedExecutor> all = new ArrayList<>(BY_NAME.values());
    for (NamedExecutor e : all) {
      e.shutdown(); // all stop taking new threads' work now, and drain side by side
    }
    for (NamedExecutor e : all) {
      e.awaitDrained(deadline, Config.SHUTDOWN_TIMEOUT + "=" + timeout);
    }
  }
}
