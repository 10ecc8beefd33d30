package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import dev.overdrive.annotations.Parallel;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Every way to misuse the caching annotations; each method must still run, as plain code. */
public class Misused {

  public static final AtomicInteger CALLS = new AtomicInteger();
  public static final AtomicInteger FINE = new AtomicInteger();

  @Cached
  public void nothingToCache() {
    CALLS.incrementAndGet();
  }

  @Cached(ttl = "soon")
  public String badTtl(String k) {
    CALLS.incrementAndGet();
    return k;
  }

  @Cached(key = 3)
  public String badKey(String k) {
    CALLS.incrementAndGet();
    return k;
  }

  @Cached(ttl = "1s", jitter = 1.5)
  public String badJitter(String k) {
    CALLS.incrementAndGet();
    return k;
  }

  @Cached(maxSize = -1)
  public String badMaxSize(String k) {
    CALLS.incrementAndGet();
    return k;
  }

  @Cached(name = "${it.undefined.property}")
  public String badPlaceholder(String k) {
    CALLS.incrementAndGet();
    return k;
  }

  @Cached(refreshAfter = "10s", key = 0)
  public String badRefresh(String k, String other) {
    CALLS.incrementAndGet();
    return k;
  }

  @CacheInvalidate(cache = "products", key = 5)
  public void badInvalidateKey(String k) {
    CALLS.incrementAndGet();
  }

  @CacheInvalidate(cache = "nobody-defines-this")
  public void invalidateUnknown() {
    CALLS.incrementAndGet();
  }

  @Async
  public String notAFuture() {
    CALLS.incrementAndGet();
    return "x";
  }

  @Async(executor = "nope")
  public void unknownExecutor() {
    CALLS.incrementAndGet();
  }

  @Async(executor = "broken")
  public void brokenExecutor() {
    CALLS.incrementAndGet();
  }

  @Parallel
  public int noCollection(int x) {
    CALLS.incrementAndGet();
    return x;
  }

  @Parallel
  public TreeMap<String, String> badMerge(List<String> xs) {
    CALLS.incrementAndGet();
    return new TreeMap<>();
  }

  @Parallel(chunkSize = 0)
  public void zeroChunk(List<String> xs) {
    CALLS.incrementAndGet();
  }

  @Batched(via = "nowhere")
  public String viaMissing(Long id) {
    CALLS.incrementAndGet();
    return "x";
  }

  @Batched(via = "takesOne")
  public String viaWrongParameter(Long id) {
    CALLS.incrementAndGet();
    return "x";
  }

  public java.util.Map<Long, String> takesOne(Long id) {
    return null;
  }

  @Batched(via = "returnsSet")
  public String viaWrongResult(Long id) {
    CALLS.incrementAndGet();
    return "x";
  }

  public java.util.Set<String> returnsSet(List<Long> ids) {
    return null;
  }

  @Batched(via = "bulk")
  public String twoKeys(Long id, Long other) {
    CALLS.incrementAndGet();
    return "x";
  }

  @Batched(via = "bulk", maxSize = 0)
  public String emptyBatches(Long id) {
    CALLS.incrementAndGet();
    return "x";
  }

  @Batched(via = "bulk", maxDelay = "whenever")
  public String badDelay(Long id) {
    CALLS.incrementAndGet();
    return "x";
  }

  public java.util.Map<Long, String> bulk(List<Long> ids) {
    return null;
  }

  /** A correct method beside the misused ones keeps its cache. */
  @Cached
  public String fine(String k) {
    FINE.incrementAndGet();
    return k;
  }
}
