package dev.overdrive.stress;

import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import dev.overdrive.annotations.Parallel;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code @Cached} (single-flight on fresh keys), {@code @Cached} with {@code @CacheInvalidate}
 * (versions that change under readers), and {@code @Parallel} whose chunks call the cached method.
 */
public final class Catalog {

  /** Price keys: few, so that reads, loads and invalidations of one key collide often. */
  static final int PRICE_KEYS = 64;

  /** How long a product load takes: a slow backend widens the window callers pile up in. */
  private final long loadNanos;

  /** Body runs of {@link #find}, per key: single-flight means 1 for every key. */
  final ConcurrentHashMap<Long, AtomicInteger> findRuns = new ConcurrentHashMap<>();

  /** When each key's load finished (its body returned), in {@code System.nanoTime()}. */
  final ConcurrentHashMap<Long, Long> loadEnds = new ConcurrentHashMap<>();

  /** Set by {@link #find}'s body on the thread that runs it: did this call load? */
  static final ThreadLocal<boolean[]> LOADED_HERE = ThreadLocal.withInitial(() -> new boolean[1]);

  /** The current version of each price; {@link #reprice} bumps it. */
  final AtomicLong[] versions = new AtomicLong[PRICE_KEYS];

  final LongAdder priceRuns = new LongAdder();
  final LongAdder repriceRuns = new LongAdder();
  final LongAdder chunkRuns = new LongAdder();

  Catalog(long loadNanos) {
    this.loadNanos = loadNanos;
    for (int i = 0; i < PRICE_KEYS; i++) {
      versions[i] = new AtomicLong();
    }
  }

  static long priceOf(long id) {
    return id * 3 + 1;
  }

  /** No eviction and no ttl: a key once loaded is never loaded again. */
  @Cached(name = "stress.products", maxSize = 10_000_000)
  public Product find(long id) {
    findRuns.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    LOADED_HERE.get()[0] = true;
    LockSupport.parkNanos(loadNanos);
    loadEnds.put(id, System.nanoTime());
    return new Product(id, priceOf(id));
  }

  @Cached(name = "stress.prices")
  public long price(int id) {
    priceRuns.increment();
    return versions[id].get();
  }

  /** A write: the new version is visible before the cached one is invalidated. */
  @CacheInvalidate(cache = "stress.prices", key = 0)
  public void reprice(int id) {
    repriceRuns.increment();
    versions[id].incrementAndGet();
  }

  /** Sum of the products' prices, four ids a chunk, up to three chunks at once. */
  @Parallel(chunkSize = 4, maxConcurrency = 3)
  public long total(List<Long> ids) {
    chunkRuns.increment();
    long sum = 0;
    for (long id : ids) {
      sum += find(id).price();
    }
    return sum;
  }
}
