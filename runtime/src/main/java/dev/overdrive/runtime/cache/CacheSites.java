package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.SiteTable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every {@code @Cached} method's site, by id (for the advice) and by cache name (for invalidation),
 * and every {@code @CacheInvalidate} method's site by id.
 */
public final class CacheSites {

  private static final SiteTable<CacheSite> TABLE = new SiteTable<>();
  private static final SiteTable<InvalidationSite> INVALIDATIONS = new SiteTable<>();

  /** Weak, like the table: a cache goes with its class. */
  private static final Map<String, List<WeakReference<CacheSite>>> BY_NAME =
      new ConcurrentHashMap<>();

  private CacheSites() {}

  /** See {@link SiteTable#register}: a new cache is findable by name until it is taken back. */
  public static int register(CacheSpec spec, ClassLoader loader, List<Runnable> undo) {
    return TABLE.register(
        loader,
        spec.method().identity(),
        id -> {
          CacheSite site = new CacheSite(id, spec, loader);
          warnIfNameTaken(spec);
          List<WeakReference<CacheSite>> named =
              BY_NAME.computeIfAbsent(spec.name, n -> new CopyOnWriteArrayList<>());
          WeakReference<CacheSite> ref = new WeakReference<>(site);
          named.add(ref);
          undo.add(() -> named.remove(ref));
          return site;
        },
        undo);
  }

  /**
   * Two methods that name one cache keep separate entries, and an invalidation by that name empties
   * both. Said once, when the second loads; the same method in another class loader (a
   * redeployment) is not a second method.
   */
  private static void warnIfNameTaken(CacheSpec spec) {
    for (CacheSite other : named(spec.name)) {
      MethodRef method = other.spec().method();
      if (!method.identity().equals(spec.method().identity())) {
        Log.warn(
            spec.method().toString(),
            "@Cached name \""
                + spec.name
                + "\" is also the name"
                + " of "
                + method
                + "'s cache: the two keep separate entries, and"
                + " @CacheInvalidate(cache = \""
                + spec.name
                + "\") removes from both");
        return;
      }
    }
  }

  public static CacheSite get(int id) {
    return TABLE.get(id);
  }

  static void anchor(Class<?> type, CacheSite site) {
    TABLE.anchor(type, site);
  }

  public static int registerInvalidation(
      MethodRef method,
      List<InvalidationSite.Target> targets,
      ClassLoader loader,
      List<Runnable> undo) {
    return INVALIDATIONS.register(
        loader, method.identity(), id -> new InvalidationSite(method, targets, loader), undo);
  }

  public static InvalidationSite invalidation(int id) {
    return INVALIDATIONS.get(id);
  }

  /** Removes {@code key} (the key parameters' values, in key order) from the caches named so. */
  public static void invalidate(String name, Object[] key) {
    int[] all = new int[key.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    Object k = Keys.of(key.clone(), all);
    for (CacheSite site : named(name)) {
      site.invalidate(k);
    }
  }

  public static void invalidateAll(String name) {
    for (CacheSite site : named(name)) {
      site.invalidateAll();
    }
  }

  /** {@code size, hits, misses, loads} summed over the caches named so; -1 where unrecorded. */
  public static long[] stats(String name) {
    long[] sum = {0, -1, -1, 0};
    for (CacheSite site : named(name)) {
      long[] s = site.stats();
      sum[0] += s[0];
      sum[1] = s[1] < 0 ? sum[1] : Math.max(sum[1], 0) + s[1];
      sum[2] = s[2] < 0 ? sum[2] : Math.max(sum[2], 0) + s[2];
      sum[3] += s[3];
    }
    return sum;
  }

  /** The names of every live cache. */
  public static List<String> names() {
    List<String> names = new ArrayList<>();
    for (String name : BY_NAME.keySet()) {
      if (!named(name).isEmpty()) {
        names.add(name);
      }
    }
    return names;
  }

  /** The live caches named {@code name}; empty when no loaded class defines one. */
  public static List<CacheSite> named(String name) {
    List<WeakReference<CacheSite>> refs = BY_NAME.get(name);
    if (refs == null) {
      return List.of();
    }
    List<CacheSite> live = new ArrayList<>(refs.size());
    for (WeakReference<CacheSite> ref : refs) {
      CacheSite site = ref.get();
      if (site != null) {
        live.add(site);
      } else {
        refs.remove(ref);
      }
    }
    return live;
  }
}
