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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every pair of annotations on one method. Each pair either works (PairsScenario shows how it
 * behaves) or is rejected with one line, the method then running as plain code.
 */
public class Pairs {

  /** Body runs by method name; the thread each ran on, for the async ones. */
  public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  public static final Map<String, String> THREADS = new ConcurrentHashMap<>();
  public static volatile CountDownLatch asyncParallelDone = new CountDownLatch(0);

  static int runs(String method) {
    AtomicInteger n = RUNS.get(method);
    return n == null ? 0 : n.get();
  }

  private static void ran(String method) {
    RUNS.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    THREADS.put(method, Thread.currentThread().getName());
  }

  // ---- the caches the invalidating pairs empty --------------------------------------------

  @Cached(name = "pairs.byName")
  public String byName(String k) {
    ran("byName");
    return k;
  }

  @Cached(name = "pairs.byId")
  public String byId(Long id) {
    ran("byId");
    return "id" + id;
  }

  // ---- the pairs -------------------------------------------------------------------------

  /** Works: cached; a miss runs the body, which is when the other cache is emptied. */
  @Cached
  @CacheInvalidate(cache = "pairs.byName")
  public String cachedInvalidating(String k) {
    ran("cachedInvalidating");
    return k + "!";
  }

  /** Works: hits never reach the batcher, misses are batched. */
  @Cached
  @Batched(via = "bulk")
  public String cachedBatched(Long id) {
    ran("cachedBatched");
    return bulk(List.of(id)).get(id);
  }

  /** Works: the cache holds the future, so a second call shares it. */
  @Cached
  @Async
  public CompletableFuture<String> cachedAsync(String k) {
    ran("cachedAsync");
    return CompletableFuture.completedFuture(k + "@");
  }

  /** Works: the whole list is the key; a miss runs in chunks. */
  @Cached
  @Parallel
  public List<String> cachedParallel(List<String> items) {
    ran("cachedParallel");
    List<String> out = new ArrayList<>();
    for (String s : items) {
      out.add(s.toUpperCase(java.util.Locale.ROOT));
    }
    return out;
  }

  /** Works: the batched value is returned, then the entry is removed. */
  @CacheInvalidate(cache = "pairs.byId")
  @Batched(via = "bulk")
  public String invalidatingBatched(Long id) {
    ran("invalidatingBatched");
    return bulk(List.of(id)).get(id);
  }

  /** Works: the entry is removed once the body has run (and when the call is submitted). */
  @CacheInvalidate(cache = "pairs.byName")
  @Async
  public CompletableFuture<String> invalidatingAsync(String k) {
    ran("invalidatingAsync");
    return CompletableFuture.completedFuture(k);
  }

  /** Works: the chunks' results are summed, then every entry is removed. */
  @CacheInvalidate(cache = "pairs.byName", all = true)
  @Parallel
  public int invalidatingParallel(List<String> items) {
    ran("invalidatingParallel");
    return items.size();
  }

  /** Rejected: the batch would answer before @Async could run the call. */
  @Batched(via = "bulk")
  @Async
  public CompletableFuture<String> batchedAsync(Long id) {
    ran("batchedAsync");
    return CompletableFuture.completedFuture("plain" + id);
  }

  /** Rejected: the batch would answer before @Parallel could split the call. */
  @Batched(via = "bulkOfLists")
  @Parallel
  public List<String> batchedParallel(List<String> key) {
    ran("batchedParallel");
    return key;
  }

  /** Works: returns at once; the list's chunks run concurrently on the executor. */
  @Async
  @Parallel
  public void asyncParallel(List<String> items) {
    ran("asyncParallel");
    for (int i = 0; i < items.size(); i++) {
      asyncParallelDone.countDown();
    }
  }

  // ---- bulk methods ------------------------------------------------------------------------

  public Map<Long, String> bulk(List<Long> ids) {
    ran("bulk");
    Map<Long, String> values = new HashMap<>();
    for (Long id : ids) {
      values.put(id, "v" + id);
    }
    return values;
  }

  public Map<List<String>, List<String>> bulkOfLists(List<List<String>> keys) {
    Map<List<String>, List<String>> values = new HashMap<>();
    for (List<String> k : keys) {
      values.put(k, k);
    }
    return values;
  }
}
