package dev.overdrive.runtime.cache;

import dev.overdrive.jcstress.Anchors;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.NullValue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the agent pastes into a {@code @Cached} method ({@code agent/.../CachedAdvice}), written
 * out: hit, else miss; lead (run the body, then complete) or take the shared outcome.
 */
final class Advised {

  /** The thread that begins loads for states; never an actor thread. */
  private static final ExecutorService LEADERS =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "jcstress-leader");
            t.setDaemon(true);
            return t;
          });

  private Advised() {}

  /**
   * A load of {@code key} begun (missed and claimed) on a thread that is no actor: the flight its
   * leader must complete.
   */
  static Object beginLoad(CacheSite site, Class<?> owner, Object key) {
    Future<Object> flight = LEADERS.submit(() -> site.miss(key, null, owner));
    try {
      Object f = flight.get();
      if (!CacheSite.isFlight(f)) {
        throw new IllegalStateException("a fresh key must be loaded, got " + f);
      }
      return f;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh cache site for a one-parameter static method, as the agent registers one. */
  static CacheSite newSite() {
    MethodRef method =
        new MethodRef(
            "dev.overdrive.jcstress.Owner",
            "find",
            "(Ljava/lang/Object;)Ljava/lang/Object;",
            true,
            1);
    CacheSpec spec =
        new CacheSpec(
            method,
            "jcstress",
            null,
            0.0,
            1_000,
            null,
            true,
            new int[] {0},
            new String[] {"java.lang.String"});
    // No class loader: no Micrometer lookup, as for a class on the boot class path.
    return new CacheSite(0, spec, null);
  }

  /** A class for a site's method to belong to; see {@link Anchors}. */
  static Class<?> newOwner() {
    return Anchors.next();
  }

  /** The cached method called with {@code key}; {@code body} is its body. */
  static Object call(CacheSite site, Class<?> owner, Object key, Callable<Object> body)
      throws Throwable {
    Object stored = site.get(key);
    Object flight = null;
    if (stored == null) {
      flight = site.miss(key, null, owner);
      stored = CacheSite.isFlight(flight) ? null : flight;
    }
    if (stored != null) {
      return NullValue.unwrap(stored);
    }
    Object returned = null;
    Throwable thrown = null;
    try {
      returned = body.call();
    } catch (Throwable t) {
      thrown = t;
    }
    site.complete(flight, returned, thrown);
    if (thrown != null) {
      throw thrown;
    }
    return returned;
  }
}
