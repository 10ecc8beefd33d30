package dev.overdrive.benchmarks;

import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The cost of a cache hit: the same 1- and 3-argument methods with no cache, hand-written Caffeine
 * (with and without {@code recordStats()}), {@code @Cached} and Spring {@code @Cacheable}. Every
 * cache holds every key before measuring starts, and its state checks afterwards that no body ran,
 * so each measured call is a hit.
 *
 * <p>Benchmarks are named {@code <variant>_<1arg|3args>}. The {@code cached_*} ones need the agent
 * ({@code -javaagent}); {@link CacheHitSuite} runs each variant in the JVM configurations it
 * belongs to. Run with {@code -prof gc} for bytes per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// One fork of 2 s warm-up (past C2 for every variant) and 3 s measurement: 32 of them keep this
// suite near 3 minutes of the whole run's 15. A cache's zipf figures move between forks (memory
// layout, Caffeine's maintenance thread on the other core) more than within one: for firmer
// figures pass -f 4 (benchmarks/run.sh cache-hit -f 4).
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class CacheHitBenchmark {

  /** The sequence of keys asked for; the cursor is per thread, the keys are fixed. */
  @State(Scope.Thread)
  public static class Samples {

    /** {@code hot}: one key over and over; {@code zipf}: skewed over {@link KeySpace#KEYS} keys. */
    @Param({"hot", "zipf"})
    public String keys;

    String[] key;
    String[] tenant;
    int[] item;
    long[] version;
    private int cursor;

    @Setup(Level.Trial)
    public void draw() {
      int[] ids = KeySpace.sample(keys);
      key = new String[ids.length];
      tenant = new String[ids.length];
      item = new int[ids.length];
      version = new long[ids.length];
      // One String object per distinct key, shared by its samples, as an interned request key
      // would be; the hot case thus touches a single key object.
      String[] keyOf = new String[KeySpace.KEYS];
      String[] tenantOf = new String[KeySpace.KEYS];
      for (int j = 0; j < ids.length; j++) {
        int id = ids[j];
        if (keyOf[id] == null) {
          keyOf[id] = KeySpace.key(id);
          tenantOf[id] = KeySpace.tenant(id);
        }
        key[j] = keyOf[id];
        tenant[j] = tenantOf[id];
        item[j] = KeySpace.item(id);
        version[j] = KeySpace.version(id);
      }
    }

    /** The next sample's index. */
    int next() {
      int i = cursor;
      cursor = (i + 1) & (KeySpace.SAMPLES - 1);
      return i;
    }
  }

  /**
   * A caching variant's state: fills the cache with every key, proves that a second pass is all
   * hits, and at tear-down that the measurement was too. A variant that silently does not cache
   * (such as {@code @Cached} without the agent) fails here rather than produce a number.
   */
  abstract static class Filled<S extends Service> {

    S service;

    /**
     * Bodies run by the fill: every key once, or none if an earlier trial in this JVM filled it.
     */
    private long filled;

    void fill(S s, String hint) {
      service = s;
      for (int pass = 0; pass < 2; pass++) {
        long before = s.bodyCalls();
        for (int i = 0; i < KeySpace.KEYS; i++) {
          check(s.lookup(KeySpace.key(i)), Work.of(KeySpace.key(i)), i);
          Long expected = Work.of(KeySpace.tenant(i), KeySpace.item(i), KeySpace.version(i));
          check(s.lookup3(KeySpace.tenant(i), KeySpace.item(i), KeySpace.version(i)), expected, i);
        }
        if (pass == 1 && s.bodyCalls() != before) {
          throw new IllegalStateException(
              getClass().getSimpleName()
                  + ": a second pass over "
                  + KeySpace.KEYS
                  + " keys ran the bodies "
                  + (s.bodyCalls() - before)
                  + " times, expected none: the methods do not cache. "
                  + hint);
        }
      }
      filled = s.bodyCalls();
      // Start every variant from a collected heap. Filling interleaves the cache's entries with
      // the fill's garbage, and a variant that allocates nothing per hit (as @Cached) would never
      // trigger the collection that compacts them: its Zipf figures would then depend on whether
      // one happened during the fill.
      System.gc();
      System.gc();
    }

    private static void check(Long actual, Long expected, int id) {
      if (!expected.equals(actual)) {
        throw new IllegalStateException("wrong value for key " + id + ": " + actual);
      }
    }

    /** Every measured call was a hit: no body ran after the fill. */
    void checkAllHits() {
      long misses = service.bodyCalls() - filled;
      if (misses != 0) {
        throw new IllegalStateException(
            getClass().getSimpleName()
                + ": "
                + misses
                + " calls ran the body during the measurement; every call should have been a hit");
      }
    }
  }

  @State(Scope.Benchmark)
  public static class PlainState {
    final PlainService service = new PlainService();

    /** Also wakes the agent where it is loaded, so the control measures an active agent. */
    @Setup(Level.Trial)
    public void checkAgent() {
      AgentProbe.checkExpectation();
    }
  }

  @State(Scope.Benchmark)
  public static class CaffeineState extends Filled<CaffeineService> {
    @Setup(Level.Trial)
    public void setUp() {
      fill(new CaffeineService(false), "Is maximumSize below the number of keys?");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      checkAllHits();
    }
  }

  @State(Scope.Benchmark)
  public static class CaffeineStatsState extends Filled<CaffeineService> {
    @Setup(Level.Trial)
    public void setUp() {
      fill(new CaffeineService(true), "Is maximumSize below the number of keys?");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      checkAllHits();
    }
  }

  @State(Scope.Benchmark)
  public static class CachedState extends Filled<CachedService> {
    @Setup(Level.Trial)
    public void setUp() {
      fill(
          new CachedService(),
          "Is the Overdrive agent loaded? Run with"
              + " -javaagent:agent/target/overdrive-agent.jar, as benchmarks/run.sh does.");
      checkStatsSetting();
    }

    /**
     * The agent records stats exactly when Micrometer is present (it is) and metrics are not
     * switched off, and it registers its meters then: check that this fork is the configuration it
     * claims to be.
     */
    private static void checkStatsSetting() {
      boolean expected =
          !"false".equalsIgnoreCase(System.getProperty("overdrive.metrics.enabled", "").trim());
      boolean registered =
          Metrics.globalRegistry
                  .find("overdrive.cache.gets")
                  .tag("cache", CachedService.class.getName() + ".lookup")
                  .meter()
              != null;
      if (registered != expected) {
        throw new IllegalStateException(
            "overdrive.metrics.enabled is "
                + (expected ? "on" : "off")
                + " but the agent's cache meters are "
                + (registered ? "registered" : "absent"));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      checkAllHits();
    }
  }

  /** A Spring context per fork; the benchmark calls the bean through its CGLIB proxy. */
  abstract static class SpringContext extends Filled<SpringService> {
    private AnnotationConfigApplicationContext context;

    void start(boolean recordStats) {
      SpringService.Config.recordStats = recordStats;
      context = new AnnotationConfigApplicationContext(SpringService.Config.class);
      SpringService bean = context.getBean(SpringService.class);
      if (!AopUtils.isCglibProxy(bean)) {
        throw new IllegalStateException("expected a CGLIB proxy, got " + bean.getClass());
      }
      fill(bean, "Is @EnableCaching in effect?");
    }

    void stop() {
      try {
        checkAllHits();
      } finally {
        context.close();
      }
    }
  }

  @State(Scope.Benchmark)
  public static class SpringState extends SpringContext {
    @Setup(Level.Trial)
    public void setUp() {
      start(false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  @State(Scope.Benchmark)
  public static class SpringStatsState extends SpringContext {
    @Setup(Level.Trial)
    public void setUp() {
      start(true);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  // Each benchmark returns the looked-up value, so JMH consumes it and nothing is dead code.

  @Benchmark
  public Long plain_1arg(Samples k, PlainState s) {
    return s.service.lookup(k.key[k.next()]);
  }

  @Benchmark
  public Long plain_3args(Samples k, PlainState s) {
    int i = k.next();
    return s.service.lookup3(k.tenant[i], k.item[i], k.version[i]);
  }

  @Benchmark
  public Long caffeine_1arg(Samples k, CaffeineState s) {
    return s.service.lookup(k.key[k.next()]);
  }

  @Benchmark
  public Long caffeine_3args(Samples k, CaffeineState s) {
    int i = k.next();
    return s.service.lookup3(k.tenant[i], k.item[i], k.version[i]);
  }

  @Benchmark
  public Long caffeineStats_1arg(Samples k, CaffeineStatsState s) {
    return s.service.lookup(k.key[k.next()]);
  }

  @Benchmark
  public Long caffeineStats_3args(Samples k, CaffeineStatsState s) {
    int i = k.next();
    return s.service.lookup3(k.tenant[i], k.item[i], k.version[i]);
  }

  @Benchmark
  public Long cached_1arg(Samples k, CachedState s) {
    return s.service.lookup(k.key[k.next()]);
  }

  @Benchmark
  public Long cached_3args(Samples k, CachedState s) {
    int i = k.next();
    return s.service.lookup3(k.tenant[i], k.item[i], k.version[i]);
  }

  @Benchmark
  public Long spring_1arg(Samples k, SpringState s) {
    return s.service.lookup(k.key[k.next()]);
  }

  @Benchmark
  public Long spring_3args(Samples k, SpringState s) {
    int i = k.next();
    return s.service.lookup3(k.tenant[i], k.item[i], k.version[i]);
  }

  @Benchmark
  public Long springStats_1arg(Samples k, SpringStatsState s) {
    return s.service.lookup(k.key[k.next()]);
  }

  @Benchmark
  public Long springStats_3args(Samples k, SpringStatsState s) {
    int i = k.next();
    return s.service.lookup3(k.tenant[i], k.item[i], k.version[i]);
  }
}
