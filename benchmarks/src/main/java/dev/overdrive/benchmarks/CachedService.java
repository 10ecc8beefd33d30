package dev.overdrive.benchmarks;

import dev.overdrive.annotations.Cached;

/**
 * The same methods under {@code @Cached}. Only the agent makes them cache: without it every call
 * runs the body, which {@link #bodyCalls} shows (and the benchmark's set-up refuses).
 *
 * <p>{@code lookup} has one non-array key, so the agent uses its allocation-free advice; {@code
 * lookup3} goes through the general path that builds a key from all arguments.
 */
public class CachedService implements Service {

  private long bodyCalls;

  @Override
  @Cached(maxSize = KeySpace.MAX_SIZE)
  public Long lookup(String key) {
    bodyCalls++;
    return Work.of(key);
  }

  @Override
  @Cached(maxSize = KeySpace.MAX_SIZE)
  public Long lookup3(String tenant, int item, long version) {
    bodyCalls++;
    return Work.of(tenant, item, version);
  }

  @Override
  public long bodyCalls() {
    return bodyCalls;
  }
}
