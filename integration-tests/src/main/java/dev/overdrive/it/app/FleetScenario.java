package dev.overdrive.it.app;

import dev.overdrive.Overdrive;
import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One of three JVMs of a fleet sharing one Redis ({@code RemoteCacheIT}): {@code java FleetScenario
 * <id 0..2> <dir>}. The JVMs meet at barriers (files in {@code dir}), and the test itself signals
 * through files there (Redis killed, restarted). Each JVM prints what it counted as {@code FLEET
 * <name> <value>} lines, which the test adds up across the fleet; JVM 0 ("A") is the one that loads
 * first and invalidates.
 */
public final class FleetScenario {

  static final int JVMS = 3;
  static final long WAIT_MILLIS = 20_000;

  /** The fleet's shared database: one file per key, in {@code dir/db}. */
  static Path db;

  static final AtomicInteger PRICE_BODIES = new AtomicInteger();
  static final AtomicInteger HOT_BODIES = new AtomicInteger();
  static final AtomicInteger VERSION_BODIES = new AtomicInteger();
  static final AtomicInteger FOREIGN_BODIES = new AtomicInteger();
  static final AtomicInteger LOCAL_BODIES = new AtomicInteger();
  static final AtomicInteger AFTER_BODIES = new AtomicInteger();
  static final AtomicInteger BULK_CALLS = new AtomicInteger();
  static final AtomicInteger BULK_KEYS = new AtomicInteger();

  /** Serializable, but outside the allow-list of a cache returning Object. */
  public static final class Foreign implements Serializable {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger DESERIALIZED = new AtomicInteger();
    final String payload;

    Foreign(String payload) {
      this.payload = payload;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      DESERIALIZED.incrementAndGet();
      in.defaultReadObject();
    }
  }

  /** Not serializable: its values stay in each JVM's local tier. */
  public static final class Unshareable {
    final String payload;

    Unshareable(String payload) {
      this.payload = payload;
    }
  }

  /**
   * Called first in every JVM, uncounted: the tier's first round trip in a cold JVM pays its class
   * loading, which on a loaded machine can pass the 100 ms timeout (that call then runs locally, as
   * fail-open should); the sharing checks below are not about cold starts.
   */
  @Cached(remote = true, ttl = "1m")
  static String warm(String key) {
    return key;
  }

  @Cached(remote = true, ttl = "1m")
  static String price(String sku) {
    PRICE_BODIES.incrementAndGet();
    return "price-" + sku;
  }

  @Cached(remote = true, ttl = "1m")
  static String hot(String sku) throws InterruptedException {
    HOT_BODIES.incrementAndGet();
    Thread.sleep(300);
    return "hot-" + sku;
  }

  @Cached(name = "versions", remote = true, ttl = "1m")
  static String version(String key) throws IOException {
    VERSION_BODIES.incrementAndGet();
    return read(key);
  }

  @CacheInvalidate(cache = "versions", key = 0)
  static void update(String key, String value) throws IOException {
    write(key, value);
    invalidationStart = micros(); // the @CacheInvalidate advice runs once this returns
  }

  static volatile long invalidationStart;

  @Cached(remote = true, ttl = "1m")
  static Object foreign(String key) {
    FOREIGN_BODIES.incrementAndGet();
    return new Foreign("f-" + key);
  }

  @Cached(remote = true, ttl = "1m")
  static Unshareable local(String key) {
    LOCAL_BODIES.incrementAndGet();
    return new Unshareable("u-" + key);
  }

  /** A load that signals it has begun, then takes a while: Redis is killed meanwhile. */
  @Cached(name = "outage", remote = true, ttl = "1m", key = 0)
  static String slowLoad(String key, Path dir) throws Exception {
    signal(dir, "loading");
    Thread.sleep(500);
    return "slow-" + key;
  }

  /** {@code @Cached(remote = true)} in front of a batch of futures: Redis holds their values. */
  @Cached(name = "quotes", remote = true, ttl = "1m")
  @Batched(via = "quoteAll", maxDelay = "5ms")
  public CompletableFuture<String> quote(String key) {
    return CompletableFuture.completedFuture(quoteAll(List.of(key)).get(key));
  }

  public Map<String, String> quoteAll(Collection<String> keys) {
    BULK_CALLS.incrementAndGet();
    BULK_KEYS.addAndGet(keys.size());
    Map<String, String> out = new HashMap<>();
    for (String k : keys) {
      out.put(k, "q-" + k);
    }
    return out;
  }

  @Cached(remote = true, ttl = "1m")
  static String after(String key) {
    AFTER_BODIES.incrementAndGet();
    return "after-" + key;
  }

  public static void main(String[] args) throws Exception {
    Metrics.addRegistry(new SimpleMeterRegistry()); // an empty global registry reads 0 for all
    int id = Integer.parseInt(args[0]);
    Path dir = Path.of(args[1]);
    db = dir.resolve("db");
    Files.createDirectories(db);
    boolean a = id == 0;

    warm("jvm-" + id);

    // 1. A value loaded by A is a remote hit in B and C.
    barrier(dir, "start", id);
    if (a) {
      Checks.check("A loads the value", () -> Checks.equal("price-1", price("1"), "value"));
    }
    barrier(dir, "shared-loaded", id);
    if (!a) {
      Checks.check("B and C read A's value", () -> Checks.equal("price-1", price("1"), "value"));
    }
    fleet("price.bodies", PRICE_BODIES.get());

    // 1b. @Cached(remote) + @Batched futures: A's batch fills Redis, B and C read it from there.
    // The test counts Redis's commands between its signals.
    FleetScenario quotes = new FleetScenario();
    barrier(dir, "quotes", id);
    waitFor(dir.resolve("quotes-go"));
    if (a) {
      Checks.check(
          "A's batch answers 64 futures", () -> Checks.equal(64, joinQuotes(quotes), "values"));
      signal(dir, "quotes-loaded");
    } else {
      waitFor(dir.resolve("quotes-read-go"));
      Checks.check(
          "B and C get the 64 values from Redis, as futures",
          () -> Checks.equal(64, joinQuotes(quotes), "values"));
      signal(dir, "quotes-read-" + id);
    }
    barrier(dir, "quotes-done", id);
    fleet("quotes.bulk.keys", BULK_KEYS.get());
    fleet("quotes.bulk.calls", BULK_CALLS.get());

    // 2. 3 JVMs x 32 threads missing one key run the body once.
    barrier(dir, "stampede", id);
    stampede();
    fleet("hot.bodies", HOT_BODIES.get());

    // 3. Invalidation propagation.
    propagation(dir, id);

    // 4. Allow-list and non-serializable values.
    barrier(dir, "codec", id);
    if (a) {
      foreign("x");
      local("y");
    }
    barrier(dir, "codec-loaded", id);
    // B, then C: a JVM that rejects the value deletes it and stores its own reload, so C
    // reading at the same time as B could find neither and never meet a foreign value.
    for (int reader = 1; reader <= 2; reader++) {
      if (id == reader) {
        Checks.check(
            "a value outside the allow-list is a miss, not a value",
            () -> Checks.equal("f-x", ((Foreign) foreign("x")).payload, "reloaded here"));
        local("y");
      }
      barrier(dir, "codec-read-" + reader, id);
    }
    fleet("foreign.bodies", FOREIGN_BODIES.get());
    fleet("foreign.deserialized", Foreign.DESERIALIZED.get());
    fleet("local.bodies", LOCAL_BODIES.get());

    // 5. Redis killed mid-load.
    outage(dir, id);
    Checks.done();
  }

  private static int joinQuotes(FleetScenario quotes) throws Exception {
    List<CompletableFuture<String>> all = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      all.add(quotes.quote("k" + i));
    }
    int ok = 0;
    for (int i = 0; i < 64; i++) {
      if (("q-k" + i).equals(all.get(i).get(10, TimeUnit.SECONDS))) {
        ok++;
      }
    }
    return ok;
  }

  private static void stampede() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      calls.add(
          pool.submit(
              () -> {
                go.await();
                return hot("k");
              }));
    }
    go.countDown();
    int ok = 0;
    for (Future<String> f : calls) {
      if ("hot-k".equals(f.get(10, TimeUnit.SECONDS))) {
        ok++;
      }
    }
    pool.shutdown();
    int got = ok;
    Checks.check("every stampeding caller got the value", () -> Checks.equal(32, got, "calls"));
  }

  /**
   * Rounds: every JVM holds key "v" locally, A changes it through {@code @CacheInvalidate}, B and C
   * spin until their local copy is gone (the cache's size drops to 0) and print the delay from A's
   * call; then every JVM must read the new value.
   */
  private static void propagation(Path dir, int id) throws Exception {
    int rounds = 40;
    if (id == 0) {
      write("v", "0");
    }
    for (int r = 0; r < rounds; r++) {
      barrier(dir, "round-" + r + "-written", id);
      if (!Integer.toString(r).equals(version("v"))) {
        fleet("propagation.stale", 1);
      }
      barrier(dir, "round-" + r + "-held", id);
      if (id == 0) {
        update("v", Integer.toString(r + 1));
        write("t0-" + r, Long.toString(invalidationStart));
      } else {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long t1;
        boolean held;
        do {
          held = Overdrive.cacheStats("versions").size() > 0;
          t1 = micros();
          if (held) {
            LockSupport.parkNanos(20_000); // two cores, three JVMs: leave A and Redis some
          }
        } while (held && System.nanoTime() < deadline);
        waitFor(db.resolve("t0-" + r));
        long t0 = Long.parseLong(read("t0-" + r));
        if (!held) {
          System.out.println("PROPAGATION " + Math.max(0, t1 - t0));
        } else {
          fleet("propagation.never", 1);
        }
      }
      barrier(dir, "round-" + r + "-seen", id);
    }
    barrier(dir, "rounds-done", id);
    if (!Integer.toString(rounds).equals(version("v"))) {
      fleet("propagation.stale", 1);
    }
  }

  private static void outage(Path dir, int id) throws Exception {
    barrier(dir, "outage", id);
    if (id == 0) {
      write("o1", "before");
      Checks.check("A holds o1", () -> Checks.equal("before", version("o1"), "value"));
    }
    barrier(dir, "outage-warm", id);
    if (id != 0) {
      Checks.check("B and C hold o1", () -> Checks.equal("before", version("o1"), "value"));
    }
    barrier(dir, "outage-held", id);
    if (id == 0) {
      // The test kills Redis while this body runs; the call still returns its value.
      Checks.check(
          "a load during which Redis dies returns its value",
          () -> Checks.equal("slow-m", slowLoad("m", dir), "value"));
      signal(dir, "loaded");
    }
    waitFor(dir.resolve("killed"));
    long worst = 0;
    int failures = 0;
    for (int i = 0; i < 100; i++) {
      long start = System.nanoTime();
      try {
        if (!("price-d" + id + "-" + i).equals(price("d" + id + "-" + i))) {
          failures++;
        }
      } catch (RuntimeException e) {
        failures++;
      }
      worst = Math.max(worst, System.nanoTime() - start);
    }
    if (id == 0) {
      long start = System.nanoTime();
      try {
        update("o1", "during"); // Redis is down: applied here at once, sent when it is back
      } catch (RuntimeException e) {
        failures++;
      }
      worst = Math.max(worst, System.nanoTime() - start);
    }
    System.out.println("OUTAGE_WORST_MICROS " + TimeUnit.NANOSECONDS.toMicros(worst));
    fleet("outage.failures", failures);
    signal(dir, "outage-calls-" + id);
    waitFor(dir.resolve("restarted"));
    long restarted = System.nanoTime();
    long deadline = restarted + TimeUnit.SECONDS.toNanos(15);
    while (connected() != 1.0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    System.out.println(
        "RECONNECT_MILLIS " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
    Checks.check(
        "the tier resumes after Redis restarts",
        () -> Checks.equal(1.0, connected(), "overdrive.remote.connected"));
    barrier(dir, "resumed", id);
    Checks.check(
        "no value invalidated during the outage is served",
        () -> Checks.equal("during", version("o1"), "o1"));
    if (id == 0) {
      after("r");
    }
    barrier(dir, "after-loaded", id);
    after("r");
    fleet("after.bodies", AFTER_BODIES.get());
    fleet(
        "meter.gets.hit",
        (long)
            Metrics.globalRegistry
                .find("overdrive.remote.gets")
                .tags("cache", "dev.overdrive.it.app.FleetScenario.price", "result", "hit")
                .functionCounter()
                .count());
    fleet(
        "meter.invalidations.sent",
        (long)
            Metrics.globalRegistry
                .find("overdrive.remote.invalidations")
                .tags("cache", "versions", "direction", "sent")
                .functionCounter()
                .count());
    fleet(
        "meter.invalidations.received",
        (long)
            Metrics.globalRegistry
                .find("overdrive.remote.invalidations")
                .tags("cache", "versions", "direction", "received")
                .functionCounter()
                .count());
    fleet(
        "meter.latency.count",
        Metrics.globalRegistry
                    .find("overdrive.remote.latency")
                    .tags("cache", "versions")
                    .functionTimer()
                    .count()
                > 0
            ? 1
            : 0);
    fleet(
        "meter.bytes.count",
        Metrics.globalRegistry
                    .find("overdrive.remote.bytes")
                    .tags("cache", "versions")
                    .summary()
                    .count()
                > 0
            ? 1
            : 0);
    barrier(dir, "end", id);
  }

  private static double connected() {
    Gauge g = Metrics.globalRegistry.find("overdrive.remote.connected").gauge();
    return g == null ? -1 : g.value();
  }

  private static long micros() {
    Instant now = Instant.now();
    return ChronoUnit.MICROS.between(Instant.EPOCH, now);
  }

  static void fleet(String name, long value) {
    System.out.println("FLEET " + name + " " + value);
    System.out.flush();
  }

  static String read(String key) throws IOException {
    return Files.readString(db.resolve(key), StandardCharsets.UTF_8);
  }

  static void write(String key, String value) throws IOException {
    Path tmp = db.resolve(key + ".tmp");
    Files.writeString(tmp, value, StandardCharsets.UTF_8);
    Files.move(
        tmp, db.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static void signal(Path dir, String name) throws IOException {
    Files.writeString(dir.resolve(name), "");
  }

  /** Waits (bounded) until every JVM has reached {@code name}. */
  static void barrier(Path dir, String name, int id) throws Exception {
    signal(dir, name + "." + id);
    for (int i = 0; i < JVMS; i++) {
      waitFor(dir.resolve(name + "." + i));
    }
  }

  static void waitFor(Path file) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("waited too long for " + file.getFileName());
      }
      Thread.sleep(0, 200_000);
    }
  }
}
