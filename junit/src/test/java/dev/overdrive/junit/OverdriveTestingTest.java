package dev.overdrive.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.CacheStats;
import dev.overdrive.Overdrive;
import dev.overdrive.annotations.Async;
import dev.overdrive.annotations.Batched;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The programmatic API and the counting helpers, under the agent. */
@OverdriveTest
class OverdriveTestingTest {

  static class Prices {
    final AtomicInteger slowDone = new AtomicInteger();

    @Batched(via = "all", maxDelay = "20ms")
    CompletableFuture<Integer> price(Long id) {
      return CompletableFuture.completedFuture(all(List.of(id)).get(id));
    }

    Map<Long, Integer> all(List<Long> ids) {
      Map<Long, Integer> prices = new HashMap<>();
      for (Long id : ids) {
        prices.put(id, (int) (id * 10));
      }
      return prices;
    }

    @Async
    void slowly() throws InterruptedException {
      Thread.sleep(200);
      slowDone.incrementAndGet();
    }
  }

  @Test
  void theAgentIsActive() {
    assertTrue(Overdrive.isActive());
  }

  @Test
  void bodyRunsCountsTheCachedBody() throws Throwable {
    OwnerService owners = new OwnerService(id -> "Owner" + id);
    assertEquals(
        1,
        OverdriveTesting.bodyRuns(
            "owners",
            () -> {
              owners.name(1);
              owners.name(1);
            }));
    assertTrue(Overdrive.cacheNames().contains("owners"), Overdrive.cacheNames().toString());
    CacheStats stats = Overdrive.cacheStats("owners");
    assertEquals(1, stats.size());
  }

  @Test
  void invalidateByNameAndKeyAsCacheInvalidateWould() throws Throwable {
    OwnerService owners = new OwnerService(id -> "Owner" + id);
    owners.name(7);
    assertEquals(0, OverdriveTesting.bodyRuns("owners", () -> owners.name(7)));
    Overdrive.invalidate("owners", 7L);
    assertEquals(1, OverdriveTesting.bodyRuns("owners", () -> owners.name(7)));
    Overdrive.invalidateAll("owners");
    assertEquals(0, Overdrive.cacheStats("owners").size());
  }

  @Test
  void bulkCallsCountsBatches() throws Throwable {
    Prices prices = new Prices();
    List<CompletableFuture<Integer>> answers = new ArrayList<>();
    long calls =
        OverdriveTesting.bulkCalls(
            OverdriveTestingTest.Prices.class.getName() + "#price",
            () -> {
              for (long id = 1; id <= 5; id++) {
                answers.add(prices.price(id));
              }
            });
    assertEquals(1, calls, "five keys in one batch");
    assertEquals(30, answers.get(2).join());
  }

  @Test
  void awaitIdleWaitsForAsyncWork() throws Exception {
    Prices prices = new Prices();
    prices.slowly();
    assertEquals(0, prices.slowDone.get(), "@Async returned at once");
    OverdriveTesting.awaitIdle(Duration.ofSeconds(5));
    assertEquals(1, prices.slowDone.get());
  }
}
