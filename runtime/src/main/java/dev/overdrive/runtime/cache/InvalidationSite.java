package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.MethodRef;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@code @CacheInvalidate} method: the caches it empties after a normal return. Names are
 * looked up at each call, because the cached class may load after the invalidating one; a name that
 * finds nothing is reported once.
 */
public final class InvalidationSite {

  /** One {@code @CacheInvalidate} annotation. Immutable. */
  public static final class Target {
    final String cache;
    final int[] keyIndices;
    final String[] keyTypes;
    final boolean all;

    /** Ids of the caches whose key types were compared with this target's, once each. */
    final Set<Integer> checked = ConcurrentHashMap.newKeySet();

    public Target(String cache, int[] keyIndices, String[] keyTypes, boolean all) {
      this.cache = cache;
      this.keyIndices = keyIndices.clone();
      this.keyTypes = keyTypes.clone();
      this.all = all;
    }

    public String cache() {
      return cache;
    }

    @Override
    public String toString() {
      return "@CacheInvalidate cache="
          + cache
          + (all ? " all" : " key=" + java.util.Arrays.toString(keyIndices));
    }
  }

  private final MethodRef method;
  private final Target[] targets;
  private final WeakReference<ClassLoader> loader;
  private volatile boolean reportedMissing;

  public InvalidationSite(MethodRef method, List<Target> targets, ClassLoader loader) {
    this.method = method;
    this.targets = targets.toArray(new Target[0]);
    this.loader = new WeakReference<>(loader);
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
          Log.warn(
              method.toString(),
              "@CacheInvalidate names cache \""
                  + t.cache
                  + "\", which no loaded class defines; nothing was removed");
        }
        continue;
      }
      Object key = t.all ? null : Keys.of(args, t.keyIndices);
      for (CacheSite site : sites) {
        if (!t.all && t.checked.add(site.id())) {
          reportKeyMismatch(t, site);
        }
        if (t.all) {
          site.invalidateAll();
        } else {
          site.invalidate(key);
        }
      }
    }
  }

  /** An invalidation whose key can never be the cache's removes nothing: said once per cache. */
  private void reportKeyMismatch(Target t, CacheSite site) {
    String problem =
        KeyTypes.mismatch(t.keyTypes, loader.get(), site.spec().keyTypes, site.loader());
    if (problem != null) {
      Log.error(
          method.toString(),
          "@CacheInvalidate(cache = \""
              + t.cache
              + "\") can never"
              + " remove an entry of "
              + site.spec().method()
              + ": "
              + problem);
    }
  }
}
