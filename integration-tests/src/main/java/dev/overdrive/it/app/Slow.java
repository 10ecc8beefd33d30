package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/** Slow bodies, for single-flight, expiry and refresh. */
public class Slow {

  public static final AtomicInteger LOADS = new AtomicInteger();
  public static final AtomicInteger FAILING_LOADS = new AtomicInteger();
  public static final AtomicInteger TTL = new AtomicInteger();
  public static final AtomicInteger JITTERED = new AtomicInteger();
  public static final AtomicInteger STEADY = new AtomicInteger();
  public static final AtomicInteger BOUNDED = new AtomicInteger();
  public static final AtomicInteger PLACEHOLDER = new AtomicInteger();
  public static final AtomicInteger PRICE = new AtomicInteger();
  public static final AtomicInteger NESTED = new AtomicInteger();
  public static volatile String lastPriceThread;

  @Cached
  public Object load(String key) throws InterruptedException {
    LOADS.incrementAndGet();
    Thread.sleep(200);
    return new Object();
  }

  @Cached
  public Object loadAndFail(String key) throws InterruptedException {
    FAILING_LOADS.incrementAndGet();
    Thread.sleep(200);
    throw new IllegalStateException("backend down");
  }

  @Cached(ttl = "300ms")
  public String shortLived(String key) {
    TTL.incrementAndGet();
    return key;
  }

  @Cached(ttl = "1s", jitter = 1.0)
  public String jittered(int key) {
    JITTERED.incrementAndGet();
    return "j" + key;
  }

  @Cached(ttl = "1s")
  public String steady(int key) {
    STEADY.incrementAndGet();
    return "s" + key;
  }

  @Cached(maxSize = 10)
  public String bounded(int key) {
    BOUNDED.incrementAndGet();
    return "b" + key;
  }

  @Cached(name = "${it.cache.name:fallback}", ttl = "${it.unset.ttl:300ms}")
  public String configured(String key) {
    PLACEHOLDER.incrementAndGet();
    return key;
  }

  @Cached(refreshAfter = "300ms")
  public String price(String sku) throws InterruptedException {
    int n = PRICE.incrementAndGet();
    lastPriceThread = Thread.currentThread().getName();
    if (n > 1) {
      Thread.sleep(1000); // a reload is slow; readers must not wait for it
    }
    return sku + "@" + n;
  }

  /** The body asks for its own key: must not wait on itself. */
  @Cached(key = 0)
  public String nested(String key, int depth) {
    NESTED.incrementAndGet();
    return depth == 0 ? key : nested(key, depth - 1) + "!";
  }
}
