package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Log;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Failed refresh-ahead reloads of one cache: every one is counted ({@code
 * overdrive.cache.refresh.failures}), and the first of each key and kind of failure (exception
 * class) is logged, naming the cache, the method and the exception class, never the key or the
 * message, which may hold argument values.
 *
 * <p>"Once per key and kind" is tracked by a fingerprint of the key's hash and the exception
 * class's name, in a set of at most {@link #MAX_TRACKED} entries per cache, so a backend that fails
 * for millions of keys costs a bounded amount of memory: two keys of equal hash failing the same
 * way are logged once, and past the bound one last line says further failures are counted only.
 * Only the failure path comes here.
 */
final class RefreshFailures {

  static final int MAX_TRACKED = 1024;

  private final CacheSpec spec;
  private final LongAdder count = new LongAdder();
  private final Set<Long> logged = ConcurrentHashMap.newKeySet();
  private volatile boolean full;

  RefreshFailures(CacheSpec spec) {
    this.spec = spec;
  }

  double count() {
    return count.sum();
  }

  void record(Object key, Throwable failure) {
    count.increment();
    if (full) {
      return;
    }
    String kind = failure.getClass().getName();
    long fingerprint = ((long) key.hashCode() << 32) | (kind.hashCode() & 0xFFFFFFFFL);
    if (logged.size() >= MAX_TRACKED) {
      full = true;
      Log.warn(
          spec.method.toString(),
          "@Cached refresh-ahead of cache \""
              + spec.name
              + "\" failed for more than "
              + MAX_TRACKED
              + " keys and kinds of failure; further"
              + " failures are counted in overdrive.cache.refresh.failures, not logged");
      return;
    }
    if (logged.add(fingerprint)) {
      Log.warn(
          spec.method.toString(),
          "@Cached refresh-ahead of cache \""
              + spec.name
              + "\" failed with "
              + kind
              + "; the old value is still served and the next read"
              + " after refreshAfter tries again (logged once per key and kind of failure,"
              + " counted in overdrive.cache.refresh.failures)");
    }
  }
}
