package dev.overdrive;

/**
 * A snapshot of one cache, from {@link Overdrive#cacheStats}. Counts cover every method that uses
 * the cache's name; {@code -1} where a count is not recorded (hits and misses are recorded only
 * when Micrometer is on the class path and {@code overdrive.metrics.enabled} is not false).
 *
 * @param name the cache's name
 * @param size entries held now (an estimate, as Caffeine's)
 * @param hits lookups answered from the cache, or {@code -1}
 * @param misses lookups that were not, or {@code -1}
 * @param loads times a body ran to fill the cache (single-flight: one per key and miss storm)
 */
public record CacheStats(String name, long size, long hits, long misses, long loads) {

  /** The cache of a name no loaded class defines, or of a JVM without the agent. */
  public static CacheStats none(String name) {
    return new CacheStats(name, 0, -1, -1, 0);
  }

  /** Hits over lookups, or {@code NaN} when not recorded or nothing was looked up. */
  public double hitRate() {
    long lookups = hits + misses;
    return hits < 0 || lookups == 0 ? Double.NaN : (double) hits / lookups;
  }
}
