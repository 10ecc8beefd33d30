package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Lifecycle;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs background reloads for {@code refreshAfter}. Bounded; when full, a refresh is dropped (the
 * entry keeps its current value and the next read asks again) rather than run by the reader, who
 * must never wait for a refresh.
 *
 * <p>Why it is not a named executor: those never drop work (the caller runs it when they are full),
 * which here would make a reader wait for a reload, the one thing refresh-ahead exists to avoid;
 * and a reload is optional work, so at shutdown there is nothing to drain (the entry keeps its
 * current value, and the cache goes with the JVM).
 */
final class RefreshPool {

  static final ThreadPoolExecutor INSTANCE = create();

  private RefreshPool() {}

  private static ThreadPoolExecutor create() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> Lifecycle.thread("overdrive-refresh-" + n.incrementAndGet(), r),
            new ThreadPoolExecutor.AbortPolicy()); // CacheSite fails the dropped refresh's future
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
