package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.SiteTable;
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
  private static final Map<String, List<CacheSite>> BY_NAME = new ConcurrentHashMap<>();

  private CacheSites() {}

  public static int register(CacheSpec spec, ClassLoader loader) {
    return TABLE.register(loader, spec.method().identity(), id -> {
      CacheSite site = new CacheSite(id, spec, loader);
      BY_NAME.computeIfAbsent(spec.name, n -> new CopyOnWriteArrayList<>()).add(site);
      return site;
    });
  }

  public static CacheSite get(int id) {
    return TABLE.get(id);
  }

  public static int registerInvalidation(InvalidationSite site, ClassLoader loader) {
    return INVALIDATIONS.register(loader, site.method().identity(), id -> site);
  }

  public static InvalidationSite invalidation(int id) {
    return INVALIDATIONS.get(id);
  }

  /** The caches named {@code name}; empty when no loaded class defines one. */
  public static List<CacheSite> named(String name) {
    List<CacheSite> sites = BY_NAME.get(name);
    return sites == null ? List.of() : sites;
  }
}
