package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Lifecycle;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs background reloads for {@code refreshAfter}. Bounded; when full, a refresh is dropped
 * (the entry keeps its current value and the next read asks again) rather than run by the
 * reader, who must never wait for a refresh.
 */
final class RefreshPool {

  static final ThreadPoolExecutor INSTANCE = create();

  private RefreshPool() {}

  private static ThreadPoolExecutor create() {
    int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
    AtomicInteger n = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(1024),
        r -> Lifecycle.thread("overdrive-refresh-" + n.incrementAndGet(), r),
        new ThreadPoolExecutor.DiscardPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
