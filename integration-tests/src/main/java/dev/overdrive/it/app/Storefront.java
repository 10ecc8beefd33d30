package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import dev.overdrive.annotations.Parallel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One method for each annotation, for the runs beside other agents ({@link CoexistenceScenario}).
 * Each records what the checks assert on: how often a body ran, with what, on which thread.
 */
public class Storefront {

  public static final AtomicInteger PRICE = new AtomicInteger();

  /** The bulk calls made, each as the skus it was given followed by its thread's name. */
  public static final List<List<Object>> STOCK_CALLS = new CopyOnWriteArrayList<>();

  public static final AtomicInteger CHUNKS = new AtomicInteger();
  public static volatile String auditThread;

  @Cached(name = "storefront-prices")
  public String price(String sku) {
    return sku + "@" + PRICE.incrementAndGet();
  }

  @CacheInvalidate(cache = "storefront-prices")
  public void reprice(String sku) {}

  /** The window is generous so that a burst from one thread surely falls into one batch. */
  @Batched(via = "stockAll", maxDelay = "250ms")
  public CompletableFuture<Integer> stock(Long sku) {
    throw new AssertionError("a @Batched body never runs");
  }

  public Map<Long, Integer> stockAll(List<Long> skus) {
    List<Object> call = new ArrayList<>(skus);
    call.add(Thread.currentThread().getName());
    STOCK_CALLS.add(call);
    Map<Long, Integer> levels = new HashMap<>();
    for (Long sku : skus) {
      levels.put(sku, (int) (sku * 10));
    }
    return levels;
  }

  @Async
  public void audit(CountDownLatch done) {
    auditThread = Thread.currentThread().getName();
    done.countDown();
  }

  @Async
  public CompletableFuture<String> where() {
    return CompletableFuture.completedFuture(Thread.currentThread().getName());
  }

  @Parallel(chunkSize = 2)
  public List<Integer> doubled(List<Integer> xs) {
    CHUNKS.incrementAndGet();
    List<Integer> out = new ArrayList<>();
    for (int x : xs) {
      out.add(x * 2);
    }
    return out;
  }
}
