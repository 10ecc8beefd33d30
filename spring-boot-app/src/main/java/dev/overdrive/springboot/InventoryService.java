package dev.overdrive.springboot;

import dev.overdrive.annotations.Batched;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Service;

/** {@code @Batched} on a bean: single-sku lookups answered by one bulk call that records itself. */
@Service
public class InventoryService {

  /** One bulk call: the skus it was given and the thread it ran on. */
  public record BulkCall(List<Long> skus, String thread) {}

  private final List<BulkCall> bulkCalls = new CopyOnWriteArrayList<>();

  /** The window is generous so that a burst from one thread surely falls into one batch. */
  @Batched(via = "stockAll", maxDelay = "250ms")
  public CompletableFuture<Integer> stock(Long sku) {
    // Under the agent stockAll answers and this never runs; without it, the same answer.
    return CompletableFuture.completedFuture(stockAll(List.of(sku)).get(sku));
  }

  @Batched(via = "stockAll")
  public Integer stockNow(Long sku) {
    return stockAll(List.of(sku)).get(sku);
  }

  public Map<Long, Integer> stockAll(List<Long> skus) {
    bulkCalls.add(new BulkCall(new ArrayList<>(skus), Thread.currentThread().getName()));
    Map<Long, Integer> levels = new HashMap<>();
    for (Long sku : skus) {
      levels.put(sku, (int) (sku * 10));
    }
    return levels;
  }

  /**
   * Self-invocation: every {@code stock(sku)} is a plain call on {@code this}, issued as one burst
   * of futures before any is waited for.
   */
  public Map<Long, Integer> stockOf(List<Long> skus) throws Exception {
    Map<Long, CompletableFuture<Integer>> pending = new LinkedHashMap<>();
    for (Long sku : skus) {
      pending.put(sku, stock(sku));
    }
    Map<Long, Integer> levels = new LinkedHashMap<>();
    for (Map.Entry<Long, CompletableFuture<Integer>> e : pending.entrySet()) {
      levels.put(e.getKey(), e.getValue().get(10, TimeUnit.SECONDS));
    }
    return levels;
  }

  public List<BulkCall> bulkCalls() {
    return bulkCalls;
  }
}
