package dev.overdrive.benchmarks;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dataloader.DataLoader;
import org.dataloader.DataLoaderFactory;
import org.dataloader.DataLoaderOptions;
import org.dataloader.registries.DispatchPredicate;

/**
 * The java-dataloader variant, written by hand as a competent user would to share batches across
 * concurrent callers, with {@code @Batched}'s {@code maxSize} and {@code maxDelay}:
 *
 * <ul>
 *   <li>one {@link DataLoader} for all callers, its cache off (a request-scoped cache does not
 *       apply to independent requests, and {@code @Batched} does not cache either), batches of at
 *       most {@link BatchedService#MAX_SIZE} keys;
 *   <li>the batch function hands the bulk call to an executor the size of Overdrive's batch
 *       executor, so several batches can be at the backend at once;
 *   <li>a caller whose key fills a batch dispatches it at once;
 *   <li>a ticker every {@link #TICK} (the finest window {@code @Batched} uses, maxDelay / 10)
 *       dispatches when keys are queued and the last dispatch is older than maxDelay ({@link
 *       DispatchPredicate#dispatchIfLongerThan}).
 * </ul>
 *
 * java-dataloader's own {@code ScheduledDataLoaderRegistry} ticks in whole milliseconds (it
 * reschedules with {@code Duration.toMillis()}), so it would dispatch up to a millisecond later;
 * measured with the same predicate, it was no faster at any concurrency.
 */
final class BatchedDataLoader implements AutoCloseable {

  static final Duration MAX_DELAY = Duration.ofMillis(BatchedService.MAX_DELAY_MILLIS);
  static final Duration TICK = MAX_DELAY.dividedBy(10);

  /** Threads running bulk calls: as many as Overdrive's batch executor has by default. */
  static final int THREADS = Math.max(8, 2 * Runtime.getRuntime().availableProcessors());

  private final ExecutorService executor;
  private final ScheduledExecutorService ticker;
  private final DataLoader<Long, Long> loader;

  BatchedDataLoader(BatchedBackend backend) {
    executor = Executors.newFixedThreadPool(THREADS, daemons("dataloader-batch-"));
    loader =
        DataLoaderFactory.newDataLoader(
            keys -> CompletableFuture.supplyAsync(() -> backend.loadAll(keys), executor),
            DataLoaderOptions.newOptions()
                .setCachingEnabled(false)
                .setMaxBatchSize(BatchedService.MAX_SIZE)
                .build());
    DispatchPredicate due =
        DispatchPredicate.dispatchIfDepthGreaterThan(0)
            .and(DispatchPredicate.dispatchIfLongerThan(MAX_DELAY));
    ticker = Executors.newSingleThreadScheduledExecutor(daemons("dataloader-ticker-"));
    ticker.scheduleAtFixedRate(
        () -> {
          if (due.test("values", loader)) {
            loader.dispatch();
          }
        },
        TICK.toNanos(),
        TICK.toNanos(),
        TimeUnit.NANOSECONDS);
  }

  Long find(Long key) {
    CompletableFuture<Long> value = loader.load(key);
    if (loader.dispatchDepth() >= BatchedService.MAX_SIZE) {
      loader.dispatch();
    }
    return value.join();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    executor.shutdownNow();
  }

  private static ThreadFactory daemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
