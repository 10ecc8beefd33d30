package dev.overdrive.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Memoizes the method's result, keyed by its parameter values.
 *
 * <pre>{@code
 * @Cached(ttl = "10m", jitter = 0.1, maxSize = 50_000)
 * Product find(long id) { return jdbc.query(...); }
 *
 * @Cached(refreshAfter = "30s")      // serve the current price, reload it in the background
 * static BigDecimal price(String sku) { ... }
 * }</pre>
 *
 * <p>Works on instance, static, private and final methods, and on calls a class makes to its own
 * methods (where proxy-based caches do nothing). There is one cache per method, shared by all
 * instances of the class.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Concurrent callers asking for the same missing key run the body once; the others wait for
 *       and share its result (single-flight, against cache breakdown).
 *   <li>An exception thrown by the body reaches the caller unchanged (the same object) and is never
 *       cached.
 *   <li>The key is the selected parameter values compared with {@code equals}/{@code hashCode};
 *       arrays are compared by content.
 *   <li>A method returning {@code CompletableFuture} caches the future, so concurrent callers share
 *       one computation; a future that completes exceptionally is removed.
 * </ul>
 *
 * <p>{@code remote = true} adds a Redis tier shared by every JVM of the fleet (see {@link
 * #remote()}); {@code overdrive.redis.uri} names the Redis.
 *
 * <p>Misuse (on a {@code void} method, an unparseable duration, a {@code key} index out of range,
 * {@code jitter} outside 0..1, a negative {@code maxSize}) is reported as one line naming the
 * method, which then runs uncached.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Cached {

  /**
   * Name of the cache, used by {@link CacheInvalidate#cache()} and as the {@code cache} tag of the
   * metrics. Empty means {@code <fully.qualified.Class>.<method>}.
   */
  String name() default "";

  /**
   * Expire an entry this long after it was written, for example {@code "10m"}. Empty means entries
   * never expire (they are still evicted by {@link #maxSize()}).
   */
  String ttl() default "";

  /**
   * Fraction (0..1) of {@link #ttl()} added at random to each entry's lifetime, so entries written
   * together do not expire together (cache avalanche). {@code 0.1} with a {@code ttl} of 10 minutes
   * gives each entry a lifetime between 10 and 11 minutes.
   */
  double jitter() default 0.0;

  /** Most entries kept; beyond it, entries are evicted by Caffeine's W-TinyLFU policy. */
  long maxSize() default 10_000;

  /**
   * After an entry is this old, the next read returns it at once and reloads it in the background
   * (refresh-ahead), so a hot key never makes a caller wait for the backend. Empty turns it off.
   * The reload calls the method again with the key's values, so the key must be every parameter.
   */
  String refreshAfter() default "";

  /**
   * Whether a {@code null} result is cached too, so repeated lookups of absent data stay off the
   * backend (cache penetration).
   */
  boolean cacheNulls() default true;

  /**
   * Indices (from 0) of the parameters that form the key. Empty means all parameters. The other
   * parameters do not take part in the lookup: calls that differ only in them share an entry.
   */
  int[] key() default {};

  /**
   * Whether the cache is also kept in Redis ({@code overdrive.redis.uri}), shared by every JVM that
   * uses the same Redis and {@code overdrive.redis.prefix}. The local tier stays in front: a local
   * hit never touches the network. A local miss reads Redis; concurrent misses of one key across
   * the fleet run the body once (a lease in Redis, with bounded waits); the body's value is written
   * to Redis with {@link #ttl()} (plus {@link #jitter()}) as its expiry. {@link CacheInvalidate}
   * removes the key from Redis and from every JVM's local tier; filling the cache broadcasts
   * nothing. Redis down or slow never fails a call: it goes on with the local tier and the body.
   * Values are JDK-serialized and decoded only if their classes are allowed (the JDK's value types,
   * the return type's packages and {@code overdrive.redis.serialFilter}); a value that cannot be
   * serialized stays local. A key parameter of a type without a stable encoding (a user class)
   * makes the cache local-only, reported at load. Without {@code overdrive.redis.uri} the cache is
   * local-only.
   */
  boolean remote() default false;

  /**
   * For a {@link #remote()} cache: the longest a value stays in this JVM's local tier, for example
   * {@code "30s"} (a value read from Redis is kept locally this long, and Redis keeps it for {@link
   * #ttl()}). Empty means the cache's {@link #ttl()}. Ignored for a local cache.
   */
  String localTtl() default "";
}
