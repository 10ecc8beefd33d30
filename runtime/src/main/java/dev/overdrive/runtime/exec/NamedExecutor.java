package dev.overdrive.runtime.exec;

import dev.overdrive.runtime.Lifecycle;
import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.metrics.MeterSink;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * One named executor: daemon threads {@code overdrive-<name>-N} with a bounded queue, or a virtual
 * thread per task. Nothing is ever rejected: when the queue is full (or the executor is shutting
 * down) the submitting thread runs the task itself, and that is counted.
 */
public final class NamedExecutor {

  private final String name;
  private final ThreadPoolExecutor pool;
  private final ExecutorService virtual;
  private final LongAdder callerRuns = new LongAdder();
  private final AtomicInteger virtualRunning = new AtomicInteger();

  /** Weak: a sink belongs to an application that may be undeployed. */
  private final Set<MeterSink> boundTo =
      java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>());

  NamedExecutor(String name, ExecutorConfig config) {
    this.name = name;
    if (config.virtual()) {
      this.pool = null;
      this.virtual = VirtualThreads.perTask("overdrive-" + name + "-");
    } else {
      AtomicInteger n = new AtomicInteger();
      BlockingQueue<Runnable> queue =
          config.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(config.queue());
      this.pool =
          new ThreadPoolExecutor(
              config.threads(),
              config.threads(),
              60,
              TimeUnit.SECONDS,
              queue,
              r -> Lifecycle.thread("overdrive-" + name + "-" + n.incrementAndGet(), r),
              (task, executor) -> runHere(task));
      this.pool.allowCoreThreadTimeOut(true);
      this.virtual = null;
    }
  }

  public void execute(Runnable task) {
    if (pool != null) {
      pool.execute(task);
      return;
    }
    // A virtual thread per task is no pool to ask what runs: count them, for isIdle.
    virtualRunning.incrementAndGet();
    Runnable counted =
        () -> {
          try {
            task.run();
          } finally {
            virtualRunning.decrementAndGet();
          }
        };
    try {
      virtual.execute(counted);
    } catch (RejectedExecutionException shuttingDown) {
      runHere(counted);
    }
  }

  /** No task running or queued now (a snapshot: one submitted meanwhile is not seen). */
  boolean isIdle() {
    return pool != null
        ? pool.getActiveCount() == 0 && pool.getQueue().isEmpty()
        : virtualRunning.get() == 0;
  }

  private void runHere(Runnable task) {
    callerRuns.increment();
    task.run();
  }

  /**
   * Whether every thread is busy, so a queued task waits for one to finish (a virtual executor
   * never is). Takes the pool's lock: for slow paths only.
   */
  public boolean saturated() {
    return pool != null && pool.getActiveCount() >= pool.getMaximumPoolSize();
  }

  /** Tasks waiting for a thread. */
  public int queued() {
    return pool == null ? 0 : pool.getQueue().size();
  }

  public long callerRuns() {
    return callerRuns.sum();
  }

  /** Registers this executor's meters with {@code sink}, once per sink. */
  public void bindMetrics(MeterSink sink) {
    synchronized (boundTo) {
      if (!boundTo.add(sink)) {
        return;
      }
    }
    List<Runnable> forever = new java.util.ArrayList<>(); // executors live as long as the JVM
    sink.gauge(
        "overdrive.executor.queued",
        "Tasks waiting for a thread",
        this,
        NamedExecutor::queued,
        forever,
        "executor",
        name);
    sink.counter(
        "overdrive.executor.caller.runs",
        "Tasks run by the submitting thread because the queue was full",
        this,
        NamedExecutor::callerRuns,
        forever,
        "executor",
        name);
  }

  /** Starts an orderly shutdown: queued tasks still run, new ones run in their caller. */
  void shutdown() {
    (pool != null ? pool : virtual).shutdown();
  }

  /**
   * Waits until {@code deadlineNanos} for the queued and running tasks; reports and abandons what
   * is left then.
   */
  void awaitDrained(long deadlineNanos, String timeoutSetting) {
    ExecutorService service = pool != null ? pool : virtual;
    try {
      long left = Math.max(0, deadlineNanos - System.nanoTime());
      if (service.awaitTermination(left, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int running = pool != null ? pool.getActiveCount() : -1;
    List<Runnable> neverRun = service.shutdownNow();
    Log.warn(
        "executor " + name,
        neverRun.size()
            + " queued task"
            + (neverRun.size() == 1 ? "" : "s")
            + " did not run"
            + (running >= 0 ? " and " + running + " did not finish" : " and some did not finish")
            + " within "
            + timeoutSetting
            + " at shutdown");
  }
}
