package dev.overdrive.runtime.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.FirstCall;
import dev.overdrive.runtime.Invoker;
import dev.overdrive.runtime.NullValue;
import dev.overdrive.runtime.async.AsyncSite;
import dev.overdrive.runtime.batch.BatchSite;
import dev.overdrive.runtime.batch.BatchSites;
import dev.overdrive.runtime.metrics.MeterSink;
import dev.overdrive.runtime.metrics.Meters;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code @Cached} method's state: its Caffeine cache and its single-flight table.
 *
 * <p>Design. The body of a cached method runs in the caller's own frame (the advice is pasted into
 * the method), so it cannot be handed to {@code Cache.get(key, loader)}. Instead:
 *
 * <ol>
 *   <li>Hit: {@link #get} is one {@code getIfPresent}. Values are stored as they are, a cached
 *       {@code null} as {@link #NULL}; nothing is allocated.
 *   <li>Miss: {@link #miss} claims the key in {@code loading} with {@code putIfAbsent}. The winner
 *       re-reads the cache (a leader may have stored its value and left between our miss and our
 *       claim), then runs the body; losers wait for the winner's {@link Flight}.
 *   <li>{@link #complete} stores the value <em>before</em> it removes the flight, which is what
 *       makes the winner's re-read in step 2 sufficient: no key is ever loaded twice at once. An
 *       exception is handed to the waiters and never stored.
 * </ol>
 *
 * Invalidation bumps a generation counter and drops pending flights, so a load that began before an
 * invalidation never stores its (possibly stale) value.
 *
 * <p>Refresh-ahead uses Caffeine's {@code refreshAfterWrite}: a read of an old entry returns it and
 * asks {@link #reinvoke} for a new value, which calls the method again on the refresh pool with a
 * {@link Bypass} mark so that this one call runs the body instead of reading the cache. A reload
 * that throws keeps the old value (its write time too, so {@code ttl} still ends it): it is
 * counted, and logged once per key and kind of failure ({@link RefreshFailures}).
 *
 * <p>{@code @Cached} + {@code @Async}: the cache holds the future the {@code @Async} advice
 * returns, as for any future-returning method; the task then calls the method again to run the
 * body, entering this advice first, so this site steps aside for that task's {@link Bypass} mark.
 *
 * <p>{@code @Cached(remote = true)}: the Redis tier ({@link RemoteSide}) sits behind the local one
 * and is reached only from the miss path, by the caller that won the local claim in step 2 (before
 * it runs the body: a value another JVM stored is kept locally and returned), and from {@link
 * #complete} (the body's value is written back). The hit path is the same as for a local cache.
 * Invalidations go to Redis first, then drop the local copy; invalidations heard from other JVMs
 * drop only the local copy ({@link #dropLocal}). A remote cache's entries live locally for {@code
 * localTtl} (when set, else the ttl).
 *
 * <p>A {@code null} key is stored as {@link Keys#NULL_KEY}, since Caffeine takes no null key.
 */
public final class CacheSite extends FirstCall<Object> {

  /** The stored form of a cached {@code null}. */
  public static final Object NULL = NullValue.NULL;

  private static final AtomicIntegerFieldUpdater<CacheSite> GENERATION =
      AtomicIntegerFieldUpdater.newUpdater(CacheSite.class, "generation");

  private final int id;
  private final CacheSpec spec;

  /** The key is every parameter in order, so the advice's argument array can be the key. */
  private final boolean keyInOrder;

  private final Cache<Object, Object> cache;
  private final ConcurrentHashMap<Object, Flight> loading = new ConcurrentHashMap<>();
  private final boolean refreshes;
  private final boolean cacheNulls;
  private final WeakReference<ClassLoader> loader;
  private final boolean metrics;

  /** Bodies that ran to fill this cache, for {@code Overdrive.cacheStats}; misses only. */
  private final LongAdder loads = new LongAdder();

  private volatile int generation;

  /**
   * A future was stored: hits check it has not failed. Plain, not volatile: a hit that does not see
   * it yet is one whose failed future's removal already ran or is about to.
   */
  private boolean holdsFutures;

  /**
   * The {@code @Async} site of this same method, or -1. Written before the wiring is published on
   * the first miss, which precedes the first task, so the task's thread sees it.
   */
  private int asyncSite = -1;

  /** The wiring of a cache whose application has no Micrometer (else its meter sink). */
  private static final Object NO_METERS = new Object();

  /** Any instance whose call loaded a value: the cache is shared, so any one can reload it. */
  private volatile WeakReference<Object> receiver;

  private volatile Invoker invoker;

  /** Counts and reports failed reloads; only for a cache that refreshes. */
  private final RefreshFailures refreshFailures;

  /**
   * {@code remote = true} and this JVM has a Redis uri: {@link #remote} is attached on first use.
   */
  private final boolean remoteWanted;

  /**
   * The {@link RemoteSide}, once attached ({@code null}: local-only, or not used yet). Typed Object
   * because the field updater above reflects on this class's fields, which would load their types:
   * a local cache must not load the Redis tier's classes.
   */
  private volatile Object remote;

  private boolean remoteTried;

  /** Also {@code @Batched}: its batches read and write Redis, one round trip each, not us. */
  private volatile boolean remoteBatched;

  public CacheSite(int id, CacheSpec spec, ClassLoader loader) {
    this.id = id;
    this.spec = spec;
    this.keyInOrder = Keys.inOrder(spec.keyIndices);
    this.refreshes = spec.refreshAfter != null;
    this.cacheNulls = spec.cacheNulls;
    this.loader = new WeakReference<>(loader);
    this.metrics = Meters.available(loader);
    this.remoteWanted = spec.remote && RemoteSwitch.on(spec); // a local cache loads none of it
    this.cache = build(spec, metrics);
    this.refreshFailures = refreshes ? new RefreshFailures(spec) : null;
  }

  private Cache<Object, Object> build(CacheSpec spec, boolean recordStats) {
    Caffeine<Object, Object> b = Caffeine.newBuilder().maximumSize(spec.maxSize);
    if (recordStats) {
      b.recordStats();
    }
    Duration ttl = spec.ttl;
    if (remoteWanted && spec.localTtl != null) {
      ttl = ttl == null || spec.localTtl.compareTo(ttl) < 0 ? spec.localTtl : ttl;
    }
    if (ttl != null) {
      if (spec.jitter > 0) {
        b.expireAfter(new JitteredExpiry(saturatedNanos(ttl), spec.jitter));
      } else {
        b.expireAfterWrite(ttl);
      }
    }
    if (!refreshes) {
      return b.build();
    }
    b.refreshAfterWrite(spec.refreshAfter).executor(RefreshPool.INSTANCE);
    return b.build(
        new CacheLoader<Object, Object>() {
          @Override
          public Object load(Object key) {
            throw new UnsupportedOperationException("misses load in the caller's frame");
          }

          @Override
          public CompletableFuture<Object> asyncReload(Object key, Object old, Executor executor) {
            // Not supplyAsync: it would wrap a failure in a CompletionException, and Caffeine must
            // see the CancellationException itself to keep quiet about it (see reinvoke).
            CompletableFuture<Object> reload = new CompletableFuture<>();
            try {
              executor.execute(
                  () -> {
                    try {
                      reload.complete(reinvoke(key, old));
                    } catch (Throwable t) {
                      reload.completeExceptionally(t);
                    }
                  });
            } catch (java.util.concurrent.RejectedExecutionException full) {
              // The refresh pool is full: this refresh is dropped, and the future must say so, or
              // Caffeine would wait for it for ever and never refresh this key again.
              reload.completeExceptionally(
                  new java.util.concurrent.CancellationException("refresh pool full"));
            }
            return reload;
          }
        });
  }

  /** The key for a call's arguments ({@code args} is null for a method without parameters). */
  public Object key(Object[] args) {
    return Keys.of(args, spec.keyIndices, keyInOrder);
  }

  /** Hit path: the stored value, or {@code null} on a miss. */
  public Object get(Object key) {
    if ((refreshes && Bypass.isSet(Bypass.CACHE, id)) || (asyncSite >= 0 && isAsyncTask())) {
      return null;
    }
    Object k = key != null ? key : Keys.NULL_KEY;
    Object stored = cache.getIfPresent(k);
    if (holdsFutures
        && stored instanceof CompletableFuture
        && ((CompletableFuture<?>) stored).isCompletedExceptionally()) {
      // Failed, and its removal (a callback of the future's) may not have run yet: a caller
      // woken by the failure could otherwise call again and be served it.
      cache.asMap().remove(k, stored);
      return null;
    }
    return stored;
  }

  /** This call is this method's own {@code @Async} task, which must run the body. */
  private boolean isAsyncTask() {
    return Bypass.isSet(Bypass.ASYNC, asyncSite);
  }

  /**
   * Miss path. Returns a {@link Flight} the caller leads (it must run the body, then call {@link
   * #complete}), or the value another caller loaded meanwhile (stored form), or throws the
   * exception that other caller's body threw.
   */
  public Object miss(Object key, Object self, Class<?> type) {
    wiring(type);
    if ((refreshes && Bypass.consume(Bypass.CACHE, id)) || (asyncSite >= 0 && isAsyncTask())) {
      return Flight.BYPASS; // an async task's mark is left for the @Async advice inside
    }
    if (key == null) {
      key = Keys.NULL_KEY;
    }
    Flight.Caller me = Flight.caller();
    Flight mine = null;
    while (true) {
      Flight current = loading.get(key);
      if (current == null) {
        if (mine == null) {
          mine = new Flight(key, me, generation);
        }
        current = loading.putIfAbsent(key, mine);
        if (current == null) {
          Object stored = cache.asMap().get(key); // no stats: this caller's miss is counted
          if (stored != null) {
            loading.remove(key, mine);
            mine.succeed(stored);
            return stored;
          }
          Object r = remote;
          if (r != null && !remoteBatched && (stored = ((RemoteSide) r).read(key, mine)) != null) {
            keep(mine, stored, stored); // another JVM's value: kept here, shared with waiters
            loading.remove(key, mine);
            mine.succeed(stored);
            return stored;
          }
          if (refreshes && self != null) {
            rememberReceiver(self);
          }
          return mine;
        }
      }
      if (current.leader == me) {
        return Flight.BYPASS; // the body asks for its own key: waiting on ourselves would hang
      }
      try {
        return current.await(me); // BYPASS if waiting would close a cycle of waits
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        CancellationException cancelled =
            new CancellationException(
                "interrupted while waiting"
                    + " for another caller's load of "
                    + spec.method
                    + " (@Cached single-flight)");
        cancelled.initCause(e);
        throw cancelled;
      }
    }
  }

  /** Whether a {@link #miss} result means "run the body" rather than "here is the value". */
  public static boolean isFlight(Object missResult) {
    return missResult instanceof Flight;
  }

  /** After the body ran for a {@link #miss} that returned a flight. */
  public void complete(Object flight, Object result, Throwable thrown) {
    Flight f = (Flight) flight;
    if (f == Flight.BYPASS) {
      return;
    }
    loads.increment();
    if (thrown != null) {
      loading.remove(f.key, f);
      f.fail(thrown);
      if (f.remote != null) {
        ((RemoteSide) remote).abandon(f);
      }
      return;
    }
    Object stored = result != null ? result : (cacheNulls ? NULL : null);
    keep(f, stored, result);
    loading.remove(f.key, f);
    f.succeed(stored != null ? stored : NULL);
    if (f.remote != null) { // after the waiters are released: they need not wait for Redis
      RemoteSide r = (RemoteSide) remote;
      if (f.generation == generation) {
        r.write(f, result);
      } else {
        r.abandon(f); // invalidated during the load: the value may be stale
      }
    }
  }

  /** Stores a flight's value locally unless the cache was invalidated since the flight began. */
  private void keep(Flight f, Object stored, Object result) {
    if (stored != null && f.generation == generation) {
      cache.put(f.key, stored);
      if (f.generation != generation) {
        // An invalidation ran between the check and the put: it bumped the generation before
        // it removed the key, so reading it again here sees it, and the value goes.
        cache.asMap().remove(f.key, stored);
      } else if (result instanceof CompletableFuture) {
        forgetIfFails(f.key, (CompletableFuture<?>) result);
      }
    }
  }

  /** A cached future that fails is removed, as a thrown exception is never cached. */
  private void forgetIfFails(Object key, CompletableFuture<?> future) {
    holdsFutures = true;
    future.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            cache.asMap().remove(key, future);
          }
        });
  }

  /** Removes {@code key}: from Redis and every JVM's local tier too, for a remote cache. */
  public void invalidate(Object key) {
    if (key == null) {
      key = Keys.NULL_KEY;
    }
    RemoteSide r = remoteForInvalidation();
    if (r != null) {
      r.invalidate(key); // first: a miss here after the local drop must not find the old value
    }
    dropLocal(key);
  }

  public void invalidateAll() {
    RemoteSide r = remoteForInvalidation();
    if (r != null) {
      r.invalidateAll();
    }
    dropAllLocal();
  }

  /** Removes {@code key} from this JVM only (an invalidation heard from another JVM). */
  void dropLocal(Object key) {
    if (key == null) {
      key = Keys.NULL_KEY;
    }
    GENERATION.incrementAndGet(this);
    loading.remove(key);
    cache.invalidate(key);
  }

  void dropAllLocal() {
    GENERATION.incrementAndGet(this);
    loading.clear();
    cache.invalidateAll();
  }

  /** The Redis tier, attached now if this cache was never used here: Redis may hold its values. */
  private RemoteSide remoteForInvalidation() {
    if (remote == null && remoteWanted) {
      return attachRemote();
    }
    return remoteSide();
  }

  private synchronized RemoteSide attachRemote() {
    if (!remoteTried) {
      remoteTried = true;
      remote = Fleet.attach(this);
    }
    return remoteSide();
  }

  int generation() {
    return generation;
  }

  /** The attached Redis tier, or {@code null}. */
  RemoteSide remoteSide() {
    Object r = remote;
    return r == null ? null : (RemoteSide) r;
  }

  CacheSpec spec() {
    return spec;
  }

  int id() {
    return id;
  }

  ClassLoader loader() {
    return loader.get();
  }

  /** {@code size, hits, misses, loads}; hits and misses {@code -1} unless recorded. */
  long[] stats() {
    long hits = -1;
    long misses = -1;
    if (metrics) {
      com.github.benmanes.caffeine.cache.stats.CacheStats s = cache.stats();
      hits = s.hitCount();
      misses = s.missCount();
    }
    return new long[] {cache.estimatedSize(), hits, misses, loads.sum()};
  }

  public long estimatedSize() {
    return cache.estimatedSize();
  }

  private void rememberReceiver(Object self) {
    WeakReference<Object> r = receiver;
    if (r == null || r.get() != self) {
      receiver = new WeakReference<>(self);
    }
  }

  /** Calls the method again for {@code key} (refresh-ahead); keeps the old value if it cannot. */
  private Object reinvoke(Object key, Object old) {
    Object self = null;
    if (!spec.method.isStatic()) {
      WeakReference<Object> r = receiver;
      self = r == null ? null : r.get();
      if (self == null) {
        return old; // no live instance to call: keep serving the current value
      }
    }
    Invoker body = invoker;
    if (body == null) {
      ClassLoader l = loader.get();
      if (l == null) {
        return old;
      }
      body = invoker = new Invoker(spec.method, l);
    }
    Object[] args = new Object[spec.method.parameterCount()];
    Object[] values = Keys.values(key);
    for (int i = 0; i < spec.keyIndices.length; i++) {
      args[spec.keyIndices[i]] = values[i];
    }
    Bypass.set(Bypass.CACHE, id);
    Object result;
    try {
      result = body.invoke(self, args);
    } catch (Throwable t) {
      refreshFailures.record(key, t);
      // Failing the reload keeps the old value and its write time; Caffeine logs no
      // cancellation, so the failure is reported once here rather than on every attempt.
      throw new CancellationException("refresh failed");
    } finally {
      Bypass.clear();
    }
    return result != null ? result : (cacheNulls ? NULL : null);
  }

  /** On the first miss: tie this cache to its class, and register its meters. */
  @Override
  protected void anchor(Class<?> type) {
    CacheSites.anchor(type, this);
  }

  /**
   * On the first miss: this method's {@code @Async} site and remote tier, and the meters. The
   * wiring is the meter sink (held here, as the registry of sinks holds them weakly), or {@link
   * #NO_METERS}.
   */
  @Override
  protected Object wire() {
    asyncSite = AsyncSite.find(spec.method, loader.get());
    RemoteSide r = remoteWanted ? attachRemote() : null;
    if (r != null) {
      BatchSite batch = BatchSites.find(spec.method, loader.get());
      if (batch != null) {
        batch.tier(keys -> r.batch(this, keys));
        remoteBatched = true;
      }
    }
    MeterSink sink = metrics ? Meters.sinkFor(loader.get()) : null;
    if (sink == null) {
      return NO_METERS;
    }
    List<Runnable> removers = new ArrayList<>();
    String method = spec.method.toString();
    String[] tags = {"cache", spec.name, "method", method};
    String[] hit = {"cache", spec.name, "method", method, "result", "hit"};
    String[] miss = {"cache", spec.name, "method", method, "result", "miss"};
    sink.counter(
        "overdrive.cache.gets", "Cache lookups", cache, c -> c.stats().hitCount(), removers, hit);
    sink.counter(
        "overdrive.cache.gets", "Cache lookups", cache, c -> c.stats().missCount(), removers, miss);
    sink.counter(
        "overdrive.cache.evictions",
        "Entries evicted by size or expiry",
        cache,
        c -> c.stats().evictionCount(),
        removers,
        tags);
    sink.gauge(
        "overdrive.cache.size",
        "Entries in the cache",
        cache,
        c -> c.estimatedSize(),
        removers,
        tags);
    if (refreshFailures != null) {
      sink.counter(
          "overdrive.cache.refresh.failures",
          "Refresh-ahead reloads that threw",
          refreshFailures,
          RefreshFailures::count,
          removers,
          tags);
    }
    if (r != null) {
      RemoteMeters.bind(sink, r, removers, spec.name, method);
    }
    Meters.removeWhenCollected(this, removers);
    return sink;
  }

  /** Each entry lives {@code ttl} plus a random share of {@code jitter * ttl}. */
  private static final class JitteredExpiry implements Expiry<Object, Object> {
    private final long ttlNanos;
    private final double jitter;

    JitteredExpiry(long ttlNanos, double jitter) {
      this.ttlNanos = ttlNanos;
      this.jitter = jitter;
    }

    /** Saturated: a ttl near the longest a {@code long} of nanoseconds holds stays positive. */
    private long lifetime() {
      long extra = (long) (ThreadLocalRandom.current().nextDouble() * jitter * ttlNanos);
      return ttlNanos > Long.MAX_VALUE - extra ? Long.MAX_VALUE : ttlNanos + extra;
    }

    @Override
    public long expireAfterCreate(Object key, Object value, long currentTime) {
      return lifetime();
    }

    @Override
    public long expireAfterUpdate(
        Object key, Object value, long currentTime, long currentDuration) {
      return lifetime();
    }

    @Override
    public long expireAfterRead(Object key, Object value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }

  /** {@code d} in nanoseconds, {@code Long.MAX_VALUE} (292 years) for anything longer. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  @Override
  public String toString() {
    return spec.method + " " + spec.describe();
  }
}
