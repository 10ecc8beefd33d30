package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import dev.overdrive.annotations.Parallel;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Methods for the cases of issue 12 that went wrong: annotations combined on one method, null keys,
 * extreme durations, waits that must end, reloads that fail, chunks that fail first.
 */
public class Fragile {

  public static final AtomicInteger FETCH = new AtomicInteger();
  public static final AtomicInteger FETCH_OR_FAIL = new AtomicInteger();
  public static final AtomicInteger UPPER = new AtomicInteger();
  public static final AtomicInteger DESCRIBE = new AtomicInteger();
  public static final AtomicInteger TAGGED = new AtomicInteger();
  public static final AtomicInteger FOREVER = new AtomicInteger();
  public static final AtomicInteger HUGE = new AtomicInteger();
  public static final AtomicInteger RATE = new AtomicInteger();
  public static final List<List<String>> LOOKUPS = new CopyOnWriteArrayList<>();
  public static volatile RuntimeException rateFailure;
  public static final CountDownLatch RELEASE = new CountDownLatch(1);

  /** Inside ping or pong already, on this thread: the nested call answers without recursing. */
  private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

  public static volatile CountDownLatch bothInside;

  // ---- 1: @Cached + @Async -----------------------------------------------------------------

  @Cached
  @Async
  public CompletableFuture<String> fetch(String key) throws InterruptedException {
    FETCH.incrementAndGet();
    Thread.sleep(100); // long enough for concurrent callers to find the flight
    return CompletableFuture.completedFuture("v-" + key);
  }

  /** Fails on its first call only. */
  @Cached
  @Async
  public CompletableFuture<String> fetchOrFail(String key) {
    if (FETCH_OR_FAIL.incrementAndGet() == 1) {
      throw new IllegalStateException("first fetch fails");
    }
    return CompletableFuture.completedFuture("w-" + key);
  }

  @Cached
  @Parallel(chunkSize = 1, executor = "rel")
  public List<String> upper(List<String> words) {
    UPPER.incrementAndGet();
    List<String> out = new ArrayList<>();
    for (String w : words) {
      out.add(w.toUpperCase(java.util.Locale.ROOT));
    }
    return out;
  }

  // ---- 2: null keys ------------------------------------------------------------------------

  @Cached(name = "fragile.describe")
  public String describe(String key) {
    DESCRIBE.incrementAndGet();
    return key == null ? "nothing" : "some " + key;
  }

  @CacheInvalidate(cache = "fragile.describe")
  public void forget(String key) {}

  @Cached(key = {0})
  public String tagged(String key, int trace) {
    TAGGED.incrementAndGet();
    return "tag " + key;
  }

  @Batched(via = "lookupAll", maxDelay = "20ms")
  public String lookup(String key) {
    throw new AssertionError("a @Batched body never runs");
  }

  @Batched(via = "lookupAll", maxDelay = "20ms")
  public CompletableFuture<String> lookupLater(String key) {
    throw new AssertionError("a @Batched body never runs");
  }

  /** Like many bulk methods (an {@code IN (...)} list, {@code List.copyOf}), rejects null. */
  public Map<String, String> lookupAll(List<String> keys) {
    LOOKUPS.add(new ArrayList<>(keys));
    List<String> copy = List.copyOf(keys);
    Map<String, String> found = new HashMap<>();
    for (String k : copy) {
      found.put(k, "found " + k);
    }
    return found;
  }

  // ---- 3: durations that overflow nanoseconds -----------------------------------------------

  @Cached(ttl = "106751d", jitter = 0.5)
  public String forever(int key) {
    FOREVER.incrementAndGet();
    return "f" + key;
  }

  @Cached(ttl = "1000000d", jitter = 0.5)
  public String huge(int key) {
    HUGE.incrementAndGet();
    return "h" + key;
  }

  // ---- 4: waits that must end --------------------------------------------------------------

  @Cached
  public String ping(String key) throws InterruptedException {
    return INSIDE.get() ? "ping" : enter(() -> "ping+" + pong(key));
  }

  @Cached
  public String pong(String key) throws InterruptedException {
    return INSIDE.get() ? "pong" : enter(() -> "pong+" + ping(key));
  }

  private interface Inner {
    String call() throws InterruptedException;
  }

  /** Both threads lead their own key before either asks for the other's: a cycle. */
  private static String enter(Inner inner) throws InterruptedException {
    INSIDE.set(true);
    try {
      CountDownLatch both = bothInside;
      both.countDown();
      both.await(5, TimeUnit.SECONDS);
      return inner.call();
    } finally {
      INSIDE.set(false);
    }
  }

  /** Holds its caller until {@link #RELEASE} (at most 10 s). */
  @Cached
  public String held(String key) throws InterruptedException {
    RELEASE.await(10, TimeUnit.SECONDS);
    return "held " + key;
  }

  @Batched(via = "heldAll", maxDelay = "1ms")
  public String heldOne(String key) {
    throw new AssertionError("a @Batched body never runs");
  }

  public Map<String, String> heldAll(List<String> keys) throws InterruptedException {
    RELEASE.await(10, TimeUnit.SECONDS);
    Map<String, String> m = new HashMap<>();
    for (String k : keys) {
      m.put(k, "held " + k);
    }
    return m;
  }

  // ---- 5: refresh-ahead that fails ---------------------------------------------------------

  @Cached(name = "fragile.rates", refreshAfter = "100ms")
  public String rate(String currency) {
    RATE.incrementAndGet();
    RuntimeException failure = rateFailure;
    if (failure != null) {
      throw failure;
    }
    return "rate of " + currency;
  }

  static UncheckedIOException ioFailure(String currency) {
    return new UncheckedIOException("no rate for " + currency, new java.io.IOException(currency));
  }

  // ---- 6: @Parallel's first failure --------------------------------------------------------

  @Parallel(chunkSize = 1, maxConcurrency = 2, executor = "rel")
  public int firstFailure(List<String> items) throws InterruptedException {
    if (items.get(0).equals("slow")) {
      Thread.sleep(1500);
      return 1;
    }
    throw new IllegalStateException("fails at once");
  }
}
