package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Lifecycle;
import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.Shutdown;
import dev.overdrive.runtime.config.Config;
import dev.overdrive.runtime.metrics.MeterSink;
import dev.overdrive.runtime.remote.InvalidationListener;
import dev.overdrive.runtime.remote.KeyCodec;
import dev.overdrive.runtime.remote.RemoteConfig;
import dev.overdrive.runtime.remote.RemoteTier;
import dev.overdrive.runtime.remote.ValueCodec;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * This JVM's remote tier: started by the first remote cache's first use, once per JVM, from the
 * {@code overdrive.redis.*} properties; it hears invalidations for the remote caches and keeps
 * their local entries' staleness bounded. Loaded only through {@link CacheSite} when {@link
 * RemoteSwitch} said yes, so a JVM without remote caches or without a uri never loads it.
 *
 * <p>Staleness. A received invalidation drops the local copy (of one key, or of the cache). A
 * subscription that was lost, stayed silent past the heartbeat's bound or was (re)established drops
 * every local entry of every remote cache ({@link #onPossiblyMissedInvalidations}). While the
 * subscription is down or the breaker is open (Redis down, unreachable or too slow, reconnecting),
 * the watch thread drops them again every {@link #UNSUBSCRIBED_LOCAL_MILLIS}, so an entry loaded
 * meanwhile lives at most that long; when Redis answers again it sends the invalidations that Redis
 * did not take.
 */
final class Fleet implements InvalidationListener {

  /** Longest a remote cache's local entry lives while this JVM may miss invalidations. */
  static final long UNSUBSCRIBED_LOCAL_MILLIS = 1_000;

  private static Fleet instance;
  private static boolean failed;

  private final RemoteTier tier;
  private final String serialFilter;
  private final int compressAbove;
  private final String described;
  private final List<WeakReference<CacheSite>> sites = new CopyOnWriteArrayList<>();

  /** Sinks the {@code overdrive.remote.connected} gauge is registered with, once each. */
  private final Map<MeterSink, Boolean> gauges = Collections.synchronizedMap(new WeakHashMap<>());

  private Fleet(Config config) {
    RemoteConfig rc;
    try {
      rc = RemoteConfig.parse(config.raw(Config.REDIS_URI));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Config.REDIS_URI + ": " + e.getMessage());
    }
    String prefix = config.raw(Config.REDIS_PREFIX);
    if (prefix != null && !prefix.isEmpty()) {
      rc.prefix(prefix);
    }
    Duration timeout = config.durationOrDefault(Config.REDIS_TIMEOUT, Duration.ofMillis(100));
    rc.timeoutMillis((int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
    int compress;
    try {
      compress = config.integer(Config.REDIS_COMPRESS_ABOVE, 1024, 0);
    } catch (IllegalArgumentException e) {
      Log.warn(Config.REDIS_COMPRESS_ABOVE, e.getMessage() + "; using 1024");
      compress = 1024;
    }
    this.compressAbove = compress;
    this.serialFilter = config.raw(Config.REDIS_SERIAL_FILTER);
    try {
      new ValueCodec(null, List.of(), serialFilter, compressAbove); // an invalid filter throws
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Config.REDIS_SERIAL_FILTER + ": " + e.getMessage());
    }
    this.described =
        rc
            + " prefix="
            + (prefix == null || prefix.isEmpty() ? "overdrive" : prefix)
            + " timeout="
            + timeout.toMillis()
            + "ms";
    this.tier = RemoteTier.start(rc, this);
  }

  /**
   * The Redis tier of {@code site}, starting this JVM's tier if it is the first; {@code null} when
   * the tier cannot start (a bad property, told once): the cache runs local-only.
   */
  static synchronized RemoteSide attach(CacheSite site) {
    if (instance == null) {
      if (failed) {
        return null;
      }
      Config config = Config.system();
      try {
        instance = new Fleet(config);
      } catch (IllegalArgumentException e) {
        failed = true;
        Log.error("remote tier", e.getMessage() + "; remote caches run local-only");
        return null;
      }
      instance.startWatch();
      if (config.bool(Config.REPORT, false)) {
        Fleet f = instance;
        Log.info("remote tier: " + f.described + ", started by " + site.spec().method);
        Shutdown.register(Shutdown.Phase.DRAIN, () -> Log.info("remote tier: " + f.state()));
      }
    }
    return instance.side(site);
  }

  private RemoteSide side(CacheSite site) {
    CacheSpec spec = site.spec();
    ValueCodec codec =
        new ValueCodec(site.loader(), List.of(spec.valuePackages), serialFilter, compressAbove);
    RemoteSide side = new RemoteSide(tier.cache(spec.name), codec, spec);
    sites.add(new WeakReference<>(site));
    if (Config.system().bool(Config.REPORT, false)) {
      Log.info(
          spec.method
              + ": cache \""
              + spec.name
              + "\" tier=local+redis localTtl="
              + (spec.localTtl != null ? spec.localTtl : spec.ttl != null ? spec.ttl : "none")
              + " redis="
              + described);
    }
    return side;
  }

  /** {@code overdrive.remote.connected}, once per sink. */
  static void bindGauge(MeterSink sink, List<Runnable> removers) {
    Fleet f;
    synchronized (Fleet.class) {
      f = instance;
    }
    if (f != null && f.gauges.putIfAbsent(sink, Boolean.TRUE) == null) {
      sink.gauge(
          "overdrive.remote.connected",
          "1 while Redis answers, 0 while the breaker is" + " open",
          f.tier,
          t -> t.connected() ? 1 : 0,
          new ArrayList<>());
    }
  }

  /** The Redis state, for {@code overdrive.report}. */
  String state() {
    RemoteTier.Counters c = tier.counters();
    return described
        + (tier.connected() ? " connected" : " not answering (breaker open)")
        + (tier.subscribed() ? ", subscribed" : ", not subscribed")
        + "; breaker opened "
        + tier.breakerOpenings()
        + "x, "
        + c.commands.sum()
        + " commands, "
        + c.failures.sum()
        + " failed, "
        + c.shortCircuited.sum()
        + " short-circuited, invalidations "
        + c.invalidationsSent.sum()
        + " sent / "
        + c.invalidationsReceived.sum()
        + " received, subscription lost "
        + c.subscriptionLosses.sum()
        + "x";
  }

  private void startWatch() {
    Lifecycle.thread("overdrive-remote-watch", this::watch).start();
  }

  /** Bounds local staleness while unsubscribed; sends pending invalidations once Redis answers. */
  private void watch() {
    while (true) {
      try {
        Thread.sleep(UNSUBSCRIBED_LOCAL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      try {
        if (!tier.subscribed() || !tier.connected()) {
          dropAllLocal(); // invalidations may not reach us, or the others may fail to send them
        }
        if (tier.connected()) {
          for (CacheSite site : live()) {
            RemoteSide side = site.remoteSide();
            if (side != null && side.hasPending()) {
              side.flush();
            }
          }
        }
      } catch (RuntimeException e) {
        Log.failure("remote tier", "the watch failed once; it goes on", e);
      }
    }
  }

  private List<CacheSite> live() {
    List<CacheSite> live = new ArrayList<>(sites.size());
    for (WeakReference<CacheSite> ref : sites) {
      CacheSite s = ref.get();
      if (s != null) {
        live.add(s);
      } else {
        sites.remove(ref);
      }
    }
    return live;
  }

  private void dropAllLocal() {
    for (CacheSite site : live()) {
      site.dropAllLocal();
    }
  }

  @Override
  public void onInvalidate(String cache, String key) {
    for (CacheSite site : CacheSites.named(cache)) {
      if (site.remoteSide() == null) {
        continue; // not remote here, or never used: it holds nothing
      }
      Object[] values = KeyCodec.decode(key, site.loader());
      if (values == null) {
        site.dropAllLocal(); // a key this JVM cannot rebuild (an unknown enum): always safe
        continue;
      }
      int[] all = new int[values.length];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      site.dropLocal(Keys.of(values, all));
    }
  }

  @Override
  public void onInvalidateAll(String cache) {
    for (CacheSite site : CacheSites.named(cache)) {
      if (site.remoteSide() != null) {
        site.dropAllLocal();
      }
    }
  }

  @Override
  public void onPossiblyMissedInvalidations() {
    dropAllLocal();
  }
}
