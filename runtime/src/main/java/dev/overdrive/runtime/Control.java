package dev.overdrive.runtime;

import dev.overdrive.runtime.batch.BatchSites;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.exec.ExecutorRegistry;
import java.util.List;

/**
 * What {@code dev.overdrive.Overdrive} (the programmatic API in the annotations jar) calls, through
 * method handles found by name once: JDK types only, like {@link Dispatch}. Admin and test paths,
 * never a call's own.
 */
public final class Control {

  private Control() {}

  /** As {@code @CacheInvalidate(cache = name)} with the key parameters' values {@code key}. */
  public static void invalidate(String cache, Object[] key) {
    CacheSites.invalidate(cache, key);
  }

  public static void invalidateAll(String cache) {
    CacheSites.invalidateAll(cache);
  }

  public static void invalidateEverything() {
    for (String name : CacheSites.names()) {
      CacheSites.invalidateAll(name);
    }
  }

  public static String[] cacheNames() {
    List<String> names = CacheSites.names();
    return names.toArray(new String[0]);
  }

  /** {@code size, hits, misses, loads} summed over the caches of that name. */
  public static long[] cacheStats(String cache) {
    return CacheSites.stats(cache);
  }

  public static long bulkCalls(String method) {
    return BatchSites.bulkCalls(method);
  }

  public static void flushBatches() {
    BatchSites.flushAll();
  }

  /** The journal id of the durable call running on this thread, or -1. */
  public static long durableCallId() {
    return dev.overdrive.runtime.async.DurableControl.currentCallId();
  }

  /** Dead durable calls: {@code id, method identity, reason} each. */
  public static String[][] deadCalls() {
    return dev.overdrive.runtime.async.DurableControl.deadCalls();
  }

  /** Makes dead call {@code id} pending again; it runs when its method's site next replays. */
  public static long replayDead(long id) {
    return dev.overdrive.runtime.async.DurableControl.replayDead(id);
  }

  public static boolean awaitIdle(long timeoutNanos) {
    return ExecutorRegistry.awaitIdle(timeoutNanos);
  }
}
