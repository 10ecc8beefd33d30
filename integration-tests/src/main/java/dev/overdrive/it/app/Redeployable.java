package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.Cached;
import dev.overdrive.annotations.Parallel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application class loaded, used with every annotation, then dropped with its class loader (see
 * LifecycleScenario). Its statics live and die with each deployment.
 */
public class Redeployable {

  public static int loads;
  public static int bulkCalls;

  @Cached
  public String cached(String key) {
    loads++;
    return key + "!";
  }

  @Batched(via = "bulk", maxDelay = "5ms")
  public CompletableFuture<String> batched(Long id) {
    throw new AssertionError("a @Batched body never runs");
  }

  public Map<Long, String> bulk(List<Long> ids) {
    bulkCalls++;
    Map<Long, String> m = new HashMap<>();
    for (Long id : ids) {
      m.put(id, "b" + id);
    }
    return m;
  }

  @Async
  public CompletableFuture<String> async(String s) {
    return CompletableFuture.completedFuture(s + "@" + Thread.currentThread().getName());
  }

  @Parallel(chunkSize = 1, maxConcurrency = 2)
  public List<Integer> parallel(List<Integer> xs) {
    List<Integer> out = new ArrayList<>();
    for (int x : xs) {
      out.add(x + 1);
    }
    return out;
  }

  /** Uses every annotation once; returns what was observed. */
  public static String exercise() throws Exception {
    Redeployable r = new Redeployable();
    r.cached("a");
    r.cached("a");
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (long i = 0; i < 5; i++) {
      futures.add(r.batched(i));
    }
    StringBuilder values = new StringBuilder();
    for (CompletableFuture<String> f : futures) {
      values.append(f.get(5, TimeUnit.SECONDS));
    }
    String async = r.async("x").get(5, TimeUnit.SECONDS);
    List<Integer> parallel = r.parallel(List.of(1, 2, 3, 4));
    return "loads="
        + loads
        + " bulk="
        + (bulkCalls > 0)
        + " values="
        + values
        + " async="
        + async.startsWith("x@overdrive-default-")
        + " parallel="
        + parallel;
  }
}
