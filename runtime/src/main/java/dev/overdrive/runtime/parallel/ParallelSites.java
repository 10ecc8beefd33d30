package dev.overdrive.runtime.parallel;

import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.SiteTable;
import java.util.List;

/** Every {@code @Parallel} method's site, by id. */
public final class ParallelSites {

  private static final SiteTable<ParallelSite> TABLE = new SiteTable<>();

  private ParallelSites() {}

  public static int register(MethodRef method, int collectionIndex, int chunkSize,
      int maxConcurrency, String executor, Merge merge, ClassLoader loader, List<Runnable> undo) {
    return TABLE.register(loader, method.identity(), id -> new ParallelSite(id, method,
        collectionIndex, chunkSize, maxConcurrency, executor, merge, loader), undo);
  }

  public static ParallelSite get(int id) {
    return TABLE.get(id);
  }

  static void anchor(Class<?> type, ParallelSite site) {
    TABLE.anchor(type, site);
  }
}
