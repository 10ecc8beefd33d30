package dev.overdrive.runtime;

import dev.overdrive.runtime.async.AsyncSite;
import dev.overdrive.runtime.batch.BatchSites;
import dev.overdrive.runtime.cache.CacheSite;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.parallel.ParallelSite;

/**
 * The only runtime class that instrumented code calls. The agent pastes advice into the
 * application's methods, and that advice calls these static methods with JDK types only ({@code
 * int} site ids, {@code Object}, {@code Object[]}, {@code Throwable}), so every class loader can
 * link against them: the runtime lives on the bootstrap class path.
 *
 * <p>Each method looks its site up by the id the agent bound as a constant when it transformed the
 * method: no reflection, no lookup by name, no lock. The slower paths also get the method's class
 * (a constant), to which the site is tied on first use ({@link Lifecycle}). Arguments come in one
 * order everywhere: the site, what the call is about (its key or arguments), the receiver ({@code
 * null} for a static method), the method's class.
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
   * Miss path: either a token the caller leads (it runs the body, then {@link #cacheComplete}), or
   * the stored value another caller loaded meanwhile, or that caller's exception, thrown.
   */
  public static Object cacheMiss(int site, Object key, Object self, Class<?> type) {
    return CacheSites.get(site).miss(key, self, type);
  }

  /** The stored value inside a {@link #cacheMiss} result, or {@code null} if the caller leads. */
  public static Object cacheShared(Object missResult) {
    return CacheSite.isFlight(missResult) ? null : missResult;
  }

  /** The method's result from a stored value. */
  public static Object cacheUnwrap(Object stored) {
    return NullValue.unwrap(stored);
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

  // ---- @Async ---------------------------------------------------------------------------

  /**
   * Submits the call to the method's executor and returns the future (or a marker for {@code
   * void}); {@code null} when this call is the task itself and the body must run.
   */
  public static Object asyncSubmit(int site, Object[] args, Object self, Class<?> type) {
    return AsyncSite.SITES.get(site).submit(type, self, args);
  }

  /**
   * A constructor of a class with a durable {@code @Async} instance method returned: the first
   * instance after a restart runs that method's unfinished calls.
   */
  public static void asyncConstructed(int site, Object self, Class<?> type) {
    AsyncSite.SITES.get(site).constructed(self, type);
  }

  // ---- @Parallel ------------------------------------------------------------------------

  /**
   * Runs the call in chunks and returns the merged result (a marker for {@code void}); {@code null}
   * when the body must run here (a chunk, or a collection under two chunks).
   */
  public static Object parallelRun(int site, Object[] args, Object self, Class<?> type) {
    return ParallelSite.SITES.get(site).run(type, self, args);
  }

  // ---- @Batched -------------------------------------------------------------------------

  /**
   * The value for {@code key} from its batch ({@code NullValue.NULL} for null), or the future of it
   * for a future-returning method; throws the bulk call's exception.
   */
  public static Object batch(int site, Object key, Object self, Class<?> type) {
    return BatchSites.get(site).submit(type, self, key);
  }

  /** The method's result from {@link #batch}'s. */
  public static Object batchUnwrap(Object result) {
    return NullValue.unwrap(result);
  }
}
