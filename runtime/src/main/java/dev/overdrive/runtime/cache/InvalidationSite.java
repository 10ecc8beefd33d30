package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.MethodRef;
import java.util.List;

/**
 * One {@code @CacheInvalidate} method: the caches it empties after a normal return. Names are
 * looked up at each call, because the cached class may load after the invalidating one; a name
 * that finds nothing is reported once.
 */
public final class InvalidationSite {

  /** One {@code @CacheInvalidate} annotation. Immutable. */
  public static final class Target {
    final String cache;
    final int[] keyIndices;
    final boolean all;

    public Target(String cache, int[] keyIndices, boolean all) {
      this.cache = cache;
      this.keyIndices = keyIndices.clone();
      this.all = all;
    }

    @Override
    public String toString() {
      return "@CacheInvalidate cache=" + cache + (all ? " all" : " key=" + java.util.Arrays.toString(keyIndices));
    }
  }

  private final MethodRef method;
  private final Target[] targets;
  private volatile boolean reportedMissing;

  public InvalidationSite(MethodRef method, List<Target> targets) {
    this.method = method;
    this.targets = targets.toArray(new Target[0]);
  }

  public MethodRef method() {
    return method;
  }

  public void invalidate(Object[] args) {
    for (Target t : targets) {
      List<CacheSite> sites = CacheSites.named(t.cache);
      if (sites.isEmpty()) {
        if (!reportedMissing) {
          reportedMissing = true;
          Log.warn(method.toString(), "@CacheInvalidate names cache \"" + t.cache
              + "\", which no loaded class defines; nothing was removed");
        }
        continue;
      }
      Object key = t.all ? null : Keys.of(args, t.keyIndices);
      for (CacheSite site : sites) {
        if (t.all) {
          site.invalidateAll();
        } else {
          site.invalidate(key);
        }
      }
    }
  }
}
