package dev.overdrive.benchmarks;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a careful user writes by hand, configured as Overdrive configures its named executor
 * of the same name: as many threads as {@code overdrive.executor.<name>.threads} (by default, for
 * {@code default}, one per processor), a bounded queue of {@code overdrive.executor.<name>.queue}
 * (default 10,000), the caller running the task when the queue is full, idle threads timing out
 * after 60 s, daemon threads. The hand-written and Spring variants of {@link AsyncBenchmark} and
 * {@link ParallelBenchmark} use it, so that they differ from Overdrive's variant only by the
 * hand-off, not by the pool.
 */
final class AsyncPool {

  private static final int DEFAULT_QUEUE = 10_000;

  private AsyncPool() {}

  /**
   * A pool like Overdrive's executor {@code overdriveName}, with threads named {@code
   * <threadPrefix>N}. Only {@code default} has a default size; another name must be configured, as
   * Overdrive requires too.
   */
  static ThreadPoolExecutor like(String overdriveName, String threadPrefix) {
    int threads =
        size(
            overdriveName,
            "threads",
            overdriveName.equals("default") ? Runtime.getRuntime().availableProcessors() : -1);
    int queue = size(overdriveName, "queue", DEFAULT_QUEUE);
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
            r -> {
              Thread t = new Thread(r, threadPrefix + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static int size(String executor, String setting, int fallback) {
    String property = "overdrive.executor." + executor + "." + setting;
    String value = System.getProperty(property);
    if (value == null && fallback < 0) {
      throw new IllegalStateException(property + " is not set");
    }
    return value == null ? fallback : Integer.parseInt(value.trim());
  }
}
