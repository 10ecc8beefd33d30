package dev.overdrive.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.overdrive.annotations.Cached;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The slow method of {@link MissStormBenchmark} under each kind of cache. Its body stands for a
 * remote load: it waits {@link #BODY_MILLIS} ms (parked, so a thousand concurrent loads cost no
 * CPU, as a thousand database round trips would not) and counts how many times it really ran. Every
 * cache has room for {@link #MAX_SIZE} keys; the storms ask for fresh keys, so old ones are simply
 * evicted.
 */
final class MissStormServices {

  /** How long the body takes: the latency a cache miss costs its first caller. */
  static final long BODY_MILLIS = 1;

  static final int MAX_SIZE = 10_000;

  private MissStormServices() {}

  /** One variant of the slow method. */
  interface Loader {

    Long load(long key);

    /** How many times the body ran (a value served from the cache, or shared, does not count). */
    long bodyRuns();
  }

  /** The value the body returns for {@code key}, which every caller must receive. */
  static Long expected(long key) {
    return key * 1_000_003L;
  }

  /**
   * The body: parked for {@link #BODY_MILLIS} ms at least (parkNanos may return early), then the
   * value.
   */
  static Long body(long key) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BODY_MILLIS);
    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
      LockSupport.parkNanos(left);
    }
    return expected(key);
  }

  /** No cache: every caller runs the body. */
  public static class Plain implements Loader {
    private final AtomicLong runs = new AtomicLong();

    @Override
    public Long load(long key) {
      runs.incrementAndGet();
      return body(key);
    }

    @Override
    public long bodyRuns() {
      return runs.get();
    }
  }

  /** {@code @Cached}: single-flight only once the agent has rewritten {@link #load}. */
  public static class CachedLoader implements Loader {
    private final AtomicLong runs = new AtomicLong();

    @Override
    @Cached(maxSize = MAX_SIZE)
    public Long load(long key) {
      runs.incrementAndGet();
      return body(key);
    }

    @Override
    public long bodyRuns() {
      return runs.get();
    }
  }

  /** Hand-written: {@code cache.get(key, loader)}, which runs the loader once per key at a time. */
  public static class CaffeineLoader implements Loader {
    private final AtomicLong runs = new AtomicLong();
    private final Cache<Long, Long> cache = Caffeine.newBuilder().maximumSize(MAX_SIZE).build();

    @Override
    public Long load(long key) {
      return cache.get(
          key,
          k -> {
            runs.incrementAndGet();
            return body(k);
          });
    }

    @Override
    public long bodyRuns() {
      return runs.get();
    }
  }

  /**
   * Spring's {@code @Cacheable} without {@code sync}: a miss is looked up, the method invoked and
   * the value put, with nothing to stop concurrent callers from each doing all three.
   */
  public static class SpringLoader implements Loader {
    private final AtomicLong runs = new AtomicLong();

    @Override
    @Cacheable("storm")
    public Long load(long key) {
      runs.incrementAndGet();
      return body(key);
    }

    /** Not cached: the proxy passes it to the target, whose counter this is. */
    @Override
    public long bodyRuns() {
      return runs.get();
    }
  }

  /**
   * Spring's {@code @Cacheable(sync = true)}: the cache's own {@code get(key, loader)} (Caffeine's
   * here).
   */
  public static class SpringSyncLoader implements Loader {
    private final AtomicLong runs = new AtomicLong();

    @Override
    @Cacheable(cacheNames = "stormSync", sync = true)
    public Long load(long key) {
      runs.incrementAndGet();
      return body(key);
    }

    @Override
    public long bodyRuns() {
      return runs.get();
    }
  }

  /** Both Spring beans behind CGLIB proxies, over Caffeine caches of the same maximum size. */
  @Configuration
  @EnableCaching(proxyTargetClass = true)
  public static class SpringConfig {

    @Bean
    public CacheManager cacheManager() {
      CaffeineCacheManager manager = new CaffeineCacheManager();
      manager.setCaffeine(Caffeine.newBuilder().maximumSize(MAX_SIZE));
      manager.setCacheNames(List.of("storm", "stormSync"));
      return manager;
    }

    @Bean
    public SpringLoader springLoader() {
      return new SpringLoader();
    }

    @Bean
    public SpringSyncLoader springSyncLoader() {
      return new SpringSyncLoader();
    }
  }
}
