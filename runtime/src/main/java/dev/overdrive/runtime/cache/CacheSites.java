package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.SiteTable;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every {@code @Cached} method's site, by id (for the advice) and by cache name (for
 * invalidation), and every {@code @CacheInvalidate} method's site by id.
 */
public final class CacheSites {

  private static final SiteTable<CacheSite> TABLE = new SiteTable<>();
  private static final SiteTable<InvalidationSite> INVALIDATIONS = new SiteTable<>();
  /** Weak, like the table: a cache goes with its class. */
  private static final Map<String, List<WeakReference<CacheSite>>> BY_NAME =
      new ConcurrentHashMap<>();

  private CacheSites() {}

  public static int register(CacheSpec spec, ClassLoader loader) {
    return TABLE.register(loader, spec.method().identity(), id -> {
      CacheSite site = new CacheSite(id, spec, loader);
      BY_NAME.computeIfAbsent(spec.name, n -> new CopyOnWriteArrayList<>())
          .add(new WeakReference<>(site));
      return site;
    });
  }

  public static CacheSite get(int id) {
    return TABLE.get(id);
  }

  static void anchor(Class<?> type, CacheSite site) {
    TABLE.anchor(type, site);
  }

  public static int registerInvalidation(InvalidationSite site, ClassLoader loader) {
    return INVALIDATIONS.register(loader, site.method().identity(), id -> site);
  }

  public static InvalidationSite invalidation(int id) {
    return INVALIDATIONS.get(id);
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
