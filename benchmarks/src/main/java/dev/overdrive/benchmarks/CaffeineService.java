package dev.overdrive.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Caching written by hand, the way an application would: one Caffeine cache per method, the same
 * {@code maximumSize} as the {@code @Cached} methods, and a record as the 3-argument key.
 */
public class CaffeineService implements Service {

  /** The 3-argument key: what a developer would write instead of a generic multi-key. */
  record Key3(String tenant, int item, long version) {}

  private final Cache<String, Long> byKey;
  private final Cache<Key3, Long> byParts;
  private long bodyCalls;

  CaffeineService(boolean recordStats) {
    byKey = builder(recordStats).build();
    byParts = builder(recordStats).build();
  }

  private static Caffeine<Object, Object> builder(boolean recordStats) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(KeySpace.MAX_SIZE);
    return recordStats ? builder.recordStats() : builder;
  }

  @Override
  public Long lookup(String key) {
    return byKey.get(key, k -> compute(k));
  }

  @Override
  public Long lookup3(String tenant, int item, long version) {
    return byParts.get(new Key3(tenant, item, version), k -> compute(k.tenant, k.item, k.version));
  }

  private Long compute(String key) {
    bodyCalls++;
    return Work.of(key);
  }

  private Long compute(String tenant, int item, long version) {
    bodyCalls++;
    return Work.of(tenant, item, version);
  }

  @Override
  public long bodyCalls() {
    return bodyCalls;
  }
}
