package dev.overdrive.runtime.exec;

import dev.overdrive.runtime.Lifecycle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Work done ahead of a site's first call, on one background thread, so the first call of an
 * {@code @Async} or {@code @Parallel} method does not pay for it (the executor's creation, the
 * method handle that runs the body, and with them the JVM's first lambdas and method handles: tens
 * of milliseconds in a small program).
 *
 * <p>Only the runtime's own pieces are warmed here, never the application's code (its {@code
 * ContextCarrier} services stay on the first call), and no call ever waits for this thread: a first
 * call takes what is ready and does the rest itself. So this thread can only be late, never part of
 * a deadlock: at worst it waits for a class that is still being defined.
 */
final class Prewire {

  private static final ThreadPoolExecutor THREAD = create();

  private Prewire() {}

  private static ThreadPoolExecutor create() {
    ThreadPoolExecutor t =
        new ThreadPoolExecutor(
            1,
            1,
            10,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(1024),
            r -> Lifecycle.thread("overdrive-prewire", r),
            new ThreadPoolExecutor.AbortPolicy());
    t.allowCoreThreadTimeOut(true);
    return t;
  }

  /** {@code work} done in the background; a future that fails if it cannot be done. */
  static <T> CompletableFuture<T> ahead(Supplier<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    try {
      THREAD.execute(
          () -> {
            try {
              done.complete(work.get());
            } catch (Throwable t) {
              done.completeExceptionally(t); // the first call will do it, and see any failure
            }
          });
    } catch (RejectedExecutionException busy) {
      done.completeExceptionally(busy);
    }
    return done;
  }
}
