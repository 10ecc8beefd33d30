package dev.overdrive.runtime.async;

import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.SiteTable;
import java.util.List;

/** Every {@code @Async} method's site, by id. */
public final class AsyncSites {

  private static final SiteTable<AsyncSite> TABLE = new SiteTable<>();

  private AsyncSites() {}

  public static int register(MethodRef method, boolean returnsFuture, String executor,
      ClassLoader loader, List<Runnable> undo) {
    return TABLE.register(loader, method.identity(),
        id -> new AsyncSite(id, method, returnsFuture, executor, loader), undo);
  }

  /** The id of {@code method}'s site, or -1 when the method is not {@code @Async}. */
  public static int find(MethodRef method, ClassLoader loader) {
    return TABLE.find(loader, method.identity());
  }

  public static AsyncSite get(int id) {
    return TABLE.get(id);
  }

  static void anchor(Class<?> type, AsyncSite site) {
    TABLE.anchor(type, site);
  }
}
