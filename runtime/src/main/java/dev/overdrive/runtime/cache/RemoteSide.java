package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.batch.BatchSite;
import dev.overdrive.runtime.batch.BatchTier;
import dev.overdrive.runtime.remote.KeyCodec;
import dev.overdrive.runtime.remote.RemoteCache;
import dev.overdrive.runtime.remote.RemoteCache.Lookup;
import dev.overdrive.runtime.remote.ValueCodec;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleConsumer;

/**
 * The Redis tier of one remote {@link CacheSite}, used only on its miss path and in {@code
 * complete}: the hit path never reaches it.
 *
 * <p>Design. The site's local single-flight runs first, so at most one caller per JVM and key gets
 * here; it reads Redis and, on a miss, takes the key's lease in the same round trip ({@link
 * RemoteCache#getOrLease}), which makes the single-flight fleet-wide:
 *
 * <ul>
 *   <li>HIT: the value is decoded and kept locally; the body does not run.
 *   <li>LEASED: this caller runs the body and writes its value back ({@link #write}) with the
 *       cache's ttl (plus jitter) as the Redis expiry, releasing the lease; a body that throws
 *       gives the lease up ({@link #abandon}).
 *   <li>HELD: another JVM is loading it; wait for its value at most {@link #WAIT_MILLIS}, then load
 *       it here (and write it, if the cache was not invalidated meanwhile).
 *   <li>UNAVAILABLE (Redis down, slow, breaker open): the body runs, its value stays local.
 * </ul>
 *
 * A method returning {@code CompletableFuture} (or {@code CompletionStage}) keeps the future
 * locally, as a local cache does, and Redis its value: written when the future completes normally,
 * and read back as a completed future.
 *
 * <p>A value that cannot be decoded (a class outside the allow-list: never deserialized; a format
 * this JVM does not know) is deleted from Redis and read again, at most {@link #ATTEMPTS} times. An
 * invalidation that Redis did not take (it was down) is applied locally at once and kept pending
 * here: reads of that key skip Redis until {@link #flush} has sent it.
 */
final class RemoteSide {

  /** A holder slower than this loses its lease: another JVM may then load the key. */
  static final long LEASE_MILLIS = 5_000;

  /** Longest a miss waits for another JVM's load before it loads by itself. */
  static final long WAIT_MILLIS = 5_000;

  /** Redis expiry of a cache without a ttl. */
  private static final long NO_TTL_MILLIS = 30L * 24 * 3600 * 1000;

  private static final int ATTEMPTS = 3;

  /** Pending invalidations kept one by one; beyond this, the whole cache is invalidated. */
  private static final int MAX_PENDING = 1_000;

  final RemoteCache cache;
  final ValueCodec codec;
  private final CacheSpec spec;
  private final long ttlMillis;

  /** The method returns a future: Redis holds its value, the local tier the future. */
  private final boolean futures;

  final LongAdder rejected = new LongAdder();
  final LongAdder unserializable = new LongAdder();
  private volatile boolean toldRejected;
  private volatile boolean toldUnserializable;
  private final Set<String> pending = ConcurrentHashMap.newKeySet();
  private volatile boolean pendingAll;

  /** {@code overdrive.remote.bytes}, or null without metrics. */
  volatile DoubleConsumer bytes;

  RemoteSide(RemoteCache cache, ValueCodec codec, CacheSpec spec) {
    this.cache = cache;
    this.codec = codec;
    this.spec = spec;
    this.ttlMillis =
        spec.ttl == null
            ? NO_TTL_MILLIS
            : Math.max(1, Math.min(NO_TTL_MILLIS * 120, spec.ttl.toMillis()));
    String d = spec.method.descriptor();
    this.futures =
        d.endsWith(")Ljava/util/concurrent/CompletableFuture;")
            || d.endsWith(")Ljava/util/concurrent/CompletionStage;");
  }

  /**
   * The stored form of {@code key}'s value read from Redis, or {@code null}: the caller runs the
   * body, and {@code f.remote} says where to write its value ({@code null}: nowhere).
   */
  Object read(Object key, Flight f) {
    String k = KeyCodec.encode(Keys.values(key));
    if (k == null || pendingAll || (!pending.isEmpty() && pending.contains(k))) {
      return null; // no stable encoding, or Redis may hold a value invalidated here: local only
    }
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Lookup l = cache.getOrLease(k, LEASE_MILLIS);
      switch (l.kind) {
        case HIT:
          {
            Object v = decoded(l, k);
            if (v != null) {
              return v;
            }
            continue; // deleted: read again, and likely lease it
          }
        case LEASED:
        case MISS:
          f.remote = l;
          return null;
        case HELD:
          {
            Lookup w = cache.awaitFill(k, WAIT_MILLIS);
            if (w.kind == Lookup.Kind.HIT) {
              Object v = decoded(w, k);
              if (v != null) {
                return v;
              }
              continue;
            }
            if (w.kind == Lookup.Kind.MISS) {
              continue; // the holder gave up or was invalidated: ask again
            }
            if (w.kind == Lookup.Kind.HELD) {
              f.remote = w; // the holder is too slow: load here, write if still current
            }
            return null;
          }
        default:
          return null;
      }
    }
    return null;
  }

  /** A hit's value in stored form, or {@code null} if it could not be decoded (now deleted). */
  private Object decoded(Lookup l, String k) {
    ValueCodec.Decoded d = l.decode(codec);
    if (d.ok()) {
      if (futures) {
        return CompletableFuture.completedFuture(d.value);
      }
      return d.value != null ? d.value : CacheSite.NULL;
    }
    cache.delete(k);
    if (d == ValueCodec.Decoded.REJECTED) {
      rejected.increment();
      if (!toldRejected) {
        toldRejected = true;
        Log.warn(
            spec.method.toString(),
            "a value of cache \""
                + spec.name
                + "\" in Redis holds"
                + " a class outside the allow-list (the JDK's value types, the return type's"
                + " packages, overdrive.redis.serialFilter): not deserialized, deleted and counted;"
                + " add its package to overdrive.redis.serialFilter if it is yours");
      }
    }
    return null;
  }

  /** After the body returned {@code result} for a flight that read Redis. */
  void write(Flight f, Object result) {
    Lookup l = (Lookup) f.remote;
    if (futures && result instanceof CompletableFuture) {
      ((CompletableFuture<?>) result)
          .whenComplete(
              (value, failure) -> {
                if (failure != null) {
                  cache.release(l); // a failed future is not cached, here or there
                } else {
                  write(l, value);
                }
              });
      return;
    }
    write(l, result);
  }

  /** The bytes of {@code value}, or {@code null} (it cannot be serialized: counted, told once). */
  private byte[] encodeOrTell(Object value) {
    byte[] encoded = codec.encode(value);
    if (encoded == null) {
      unserializable.increment();
      if (!toldUnserializable) {
        toldUnserializable = true;
        Log.warn(
            spec.method.toString(),
            "a value of cache \""
                + spec.name
                + "\" ("
                + value.getClass().getName()
                + ") cannot be serialized: such values stay in"
                + " this JVM's local tier only");
      }
    }
    return encoded;
  }

  /** Writes a loaded value for lookup {@code l} (the Redis script drops it if now stale). */
  private void write(Lookup l, Object result) {
    if (result == null && !spec.cacheNulls) {
      cache.release(l);
      return;
    }
    byte[] encoded = encodeOrTell(result);
    if (encoded == null) {
      cache.release(l);
      return;
    }
    if (cache.put(l, encoded, lifetime())) {
      DoubleConsumer b = bytes;
      if (b != null) {
        b.accept(encoded.length);
      }
    }
  }

  /**
   * A batch's keys read in one {@code MGET} ({@code @Cached(remote = true)} on a {@code @Batched}
   * method); the bulk call's values are written back in one pipelined round trip, unless {@code
   * site} was invalidated meanwhile (then they may be stale). No lease: the batch is this JVM's
   * single-flight, and its store refuses a value of an older epoch.
   */
  BatchTier.Exchange batch(CacheSite site, Object[] keys) {
    int generation = site.generation();
    String[] asked = new String[keys.length];
    int[] index = new int[keys.length]; // asked[j] is the encoding of keys[index[j]]
    int n = 0;
    for (int i = 0; i < keys.length && !pendingAll; i++) {
      String k = KeyCodec.encode(new Object[] {keys[i]});
      if (k != null && !pending.contains(k)) {
        asked[n] = k;
        index[n++] = i;
      }
    }
    Lookup[] lookups = n == 0 ? new Lookup[0] : cache.getAll(Arrays.copyOf(asked, n));
    Lookup[] byKey = new Lookup[keys.length];
    Object[] values = new Object[keys.length];
    boolean[] found = new boolean[keys.length];
    for (int j = 0; j < n; j++) {
      int i = index[j];
      Lookup l = lookups[j];
      byKey[i] = l;
      if (l.kind == Lookup.Kind.HIT) {
        ValueCodec.Decoded d = l.decode(codec);
        if (d.ok()) {
          found[i] = true;
          values[i] = d.value;
        } else {
          decoded(l, asked[j]); // deletes and reports it: a miss
        }
      }
    }
    return new BatchTier.Exchange() {
      @Override
      public boolean found(int i) {
        return found[i];
      }

      @Override
      public Object value(int i) {
        return values[i];
      }

      @Override
      public void store(Object[] loaded) {
        if (site.generation() != generation) {
          return; // invalidated during the bulk call
        }
        byte[][] bytes = new byte[keys.length][];
        long[] ttls = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
          Object v = loaded[i];
          if (byKey[i] == null || found[i] || v == null) {
            continue;
          }
          v = v == BatchSite.NO_VALUE ? null : v;
          if (v == null && !spec.cacheNulls) {
            continue;
          }
          bytes[i] = encodeOrTell(v);
          ttls[i] = lifetime();
        }
        cache.putAll(byKey, bytes, ttls);
      }
    };
  }

  /** The body threw, or the cache was invalidated during the load: give the lease back. */
  void abandon(Flight f) {
    cache.release((Lookup) f.remote);
  }

  /** Redis expiry: the ttl plus a random share of {@code jitter * ttl}, as locally. */
  private long lifetime() {
    if (spec.ttl == null || spec.jitter <= 0) {
      return ttlMillis;
    }
    return ttlMillis + (long) (ThreadLocalRandom.current().nextDouble() * spec.jitter * ttlMillis);
  }

  /** Removes {@code key} from Redis and tells the fleet; kept pending if Redis did not answer. */
  void invalidate(Object key) {
    String k = KeyCodec.encode(Keys.values(key));
    if (k == null) {
      invalidateAll(); // a key without an encoding cannot be named to the others
      return;
    }
    if (!cache.invalidate(k)) {
      if (pending.size() >= MAX_PENDING) {
        pendingAll = true;
      } else {
        pending.add(k);
      }
    }
  }

  void invalidateAll() {
    if (!cache.invalidateAll()) {
      pendingAll = true;
    }
  }

  /** Sends pending invalidations (Redis answers again); called by the tier's watch. */
  void flush() {
    if (pendingAll) {
      pendingAll = false; // before: one raised while we send is not lost
      if (cache.invalidateAll()) {
        pending.clear();
      } else {
        pendingAll = true;
      }
      return;
    }
    for (String k : pending) {
      if (!cache.invalidate(k)) {
        return;
      }
      pending.remove(k);
    }
  }

  boolean hasPending() {
    return pendingAll || !pending.isEmpty();
  }
}
