package dev.overdrive.runtime.batch;

import dev.overdrive.runtime.Shutdown;
import dev.overdrive.runtime.SiteTable;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Every {@code @Batched} method's site, by id; their pending keys are flushed at shutdown. */
public final class BatchSites {

  private static final SiteTable<BatchSite> TABLE = new SiteTable<>();

  /** Weak, like the table: a site goes with its class. */
  private static final List<WeakReference<BatchSite>> IN_USE = new CopyOnWriteArrayList<>();

  private BatchSites() {}

  public static int register(BatchSpec spec, ClassLoader loader, List<Runnable> undo) {
    return TABLE.register(
        loader, spec.method().identity(), id -> new BatchSite(spec, loader), undo);
  }

  /** The live site of {@code method} in {@code loader}, or {@code null} if it is not batched. */
  public static BatchSite find(dev.overdrive.runtime.MethodRef method, ClassLoader loader) {
    int id = TABLE.find(loader, method.identity());
    return id < 0 ? null : TABLE.get(id);
  }

  public static BatchSite get(int id) {
    return TABLE.get(id);
  }

  static void anchor(Class<?> type, BatchSite site) {
    TABLE.anchor(type, site);
  }

  static void flushAtShutdown(BatchSite site) {
    synchronized (IN_USE) {
      if (IN_USE.isEmpty()) {
        Shutdown.register(Shutdown.Phase.FLUSH, BatchSites::flushAll);
      }
      IN_USE.removeIf(ref -> ref.get() == null);
      IN_USE.add(new WeakReference<>(site));
    }
  }

  /** Bulk calls made by the live sites of {@code method} ({@code Class#method}). */
  public static long bulkCalls(String method) {
    long calls = 0;
    for (BatchSite site : TABLE.live()) {
      if (site.spec.method().toString().equals(method)) {
        calls += site.calls();
      }
    }
    return calls;
  }

  /** Sends every pending key of every site now. */
  public static void flushAll() {
    for (WeakReference<BatchSite> ref : IN_USE) {
      BatchSite site = ref.get();
      if (site != null) {
        site.flush();
      }
    }
  }
}
