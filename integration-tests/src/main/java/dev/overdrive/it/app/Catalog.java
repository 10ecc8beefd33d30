package dev.overdrive.it.app;

import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Methods of every shape {@code @Cached} must handle. Each counts how often its body runs, which is
 * what the scenarios assert on.
 */
public class Catalog {

  public static final AtomicInteger FIND = new AtomicInteger();
  public static final AtomicInteger STATIC = new AtomicInteger();
  public static final AtomicInteger PRIVATE = new AtomicInteger();
  public static final AtomicInteger FINAL = new AtomicInteger();
  public static final AtomicInteger SQUARE = new AtomicInteger();
  public static final AtomicInteger JOIN = new AtomicInteger();
  public static final AtomicInteger BY_ID = new AtomicInteger();
  public static final AtomicInteger SUM = new AtomicInteger();
  public static final AtomicInteger CONCAT = new AtomicInteger();
  public static final AtomicInteger CONFIG = new AtomicInteger();
  public static final AtomicInteger ABSENT = new AtomicInteger();
  public static final AtomicInteger ABSENT_UNCACHED = new AtomicInteger();
  public static final AtomicInteger PRODUCT = new AtomicInteger();
  public static final AtomicInteger OBJECT_KEY = new AtomicInteger();

  @Cached
  public String find(String id) {
    FIND.incrementAndGet();
    return "product-" + id;
  }

  @Cached
  public static String staticFind(String id) {
    STATIC.incrementAndGet();
    return "static-" + id;
  }

  @Cached
  private String privateFind(String id) {
    PRIVATE.incrementAndGet();
    return "private-" + id;
  }

  /** Self-invocation: a call from inside the class, where proxy-based caching does nothing. */
  public String viaPrivate(String id) {
    return privateFind(id);
  }

  @Cached
  public final String finalFind(String id) {
    FINAL.incrementAndGet();
    return "final-" + id;
  }

  @Cached
  public long square(int x) {
    SQUARE.incrementAndGet();
    return (long) x * x;
  }

  @Cached
  public String join(String a, int b, long c) {
    JOIN.incrementAndGet();
    return a + b + c;
  }

  @Cached(key = 0)
  public String byId(long id, String traceId) {
    BY_ID.incrementAndGet();
    return "id-" + id;
  }

  @Cached
  public int sum(int[] values) {
    SUM.incrementAndGet();
    int s = 0;
    for (int v : values) {
      s += v;
    }
    return s;
  }

  @Cached
  public String concat(String[] parts, String separator) {
    CONCAT.incrementAndGet();
    return String.join(separator, parts);
  }

  /** An {@code Object} parameter may receive an array at run time: compared by content too. */
  @Cached
  public String describe(Object key) {
    OBJECT_KEY.incrementAndGet();
    return key instanceof int[] ? "ints" : String.valueOf(key);
  }

  @Cached
  public String config() {
    CONFIG.incrementAndGet();
    return "config";
  }

  @Cached
  public String absent(String id) {
    ABSENT.incrementAndGet();
    return null;
  }

  @Cached(cacheNulls = false)
  public String absentUncached(String id) {
    ABSENT_UNCACHED.incrementAndGet();
    return null;
  }

  @Cached(name = "products")
  public String product(long id) {
    PRODUCT.incrementAndGet();
    return "p" + id;
  }

  @CacheInvalidate(cache = "products")
  public void evict(long id) {}

  @CacheInvalidate(cache = "products", key = 0)
  public void rename(long id, String newName) {}

  @CacheInvalidate(cache = "products", all = true)
  public void evictAll() {}

  @CacheInvalidate(cache = "products")
  public void evictButFail(long id) throws IOException {
    throw new IOException("rename failed");
  }

  @CacheInvalidate(cache = "products", key = 0)
  @CacheInvalidate(cache = "${it.cache.name:fallback}", all = true)
  public void evictTwo(long id) {}
}
