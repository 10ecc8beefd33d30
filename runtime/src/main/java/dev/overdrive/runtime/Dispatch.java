package dev.overdrive.runtime;

import dev.overdrive.runtime.cache.CacheSite;
import dev.overdrive.runtime.cache.CacheSites;

/**
 * The only runtime class that instrumented code calls. The agent pastes advice into the
 * application's methods, and that advice calls these static methods with JDK types only
 * ({@code int} site ids, {@code Object}, {@code Object[]}, {@code Throwable}), so every class
 * loader can link against them: the runtime lives on the bootstrap class path.
 *
 * <p>Each method looks its site up by the id the agent bound as a constant when it transformed
 * the method: no reflection, no lookup by name, no lock.
 */
public final class Dispatch {

  private Dispatch() {}

  // ---- @Cached --------------------------------------------------------------------------

  /** The key of a call with several (or array) parameters; {@code args} is null when empty. */
  public static Object cacheKey(int site, Object[] args) {
    return CacheSites.get(site).key(args);
  }

  /** Hit path: the stored value (non-null, see {@link #cacheUnwrap}) or {@code null} on a miss. */
  public static Object cacheGet(int site, Object key) {
    return CacheSites.get(site).get(key);
  }

  /**
   * Miss path: either a token the caller leads (it runs the body, then {@link #cacheComplete}),
   * or the stored value another caller loaded meanwhile, or that caller's exception, thrown.
   */
  public static Object cacheMiss(int site, Object key, Object self) {
    return CacheSites.get(site).miss(key, self);
  }

  /** The stored value inside a {@link #cacheMiss} result, or {@code null} if the caller leads. */
  public static Object cacheShared(Object missResult) {
    return CacheSite.isFlight(missResult) ? null : missResult;
  }

  /** The method's result from a stored value. */
  public static Object cacheUnwrap(Object stored) {
    return stored == CacheSite.NULL ? null : stored;
  }

  /** After a leading caller's body returned {@code result} or threw {@code thrown}. */
  public static void cacheComplete(int site, Object flight, Object result, Throwable thrown) {
    CacheSites.get(site).complete(flight, result, thrown);
  }

  // ---- @CacheInvalidate -----------------------------------------------------------------

  /** After the method returned normally; {@code args} is null when it has no parameters. */
  public static void cacheInvalidate(int site, Object[] args) {
    CacheSites.invalidation(site).invalidate(args);
  }
}
