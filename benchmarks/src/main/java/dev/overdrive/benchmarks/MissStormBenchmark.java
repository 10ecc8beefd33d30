package dev.overdrive.benchmarks;

import dev.overdrive.benchmarks.MissStormServices.Loader;
import java.util.Arrays;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * A cache miss storm: {@code callers} threads ask for the same missing key at once. One operation
 * is one storm on a key never asked before: the callers, started beforehand and all parked at a
 * barrier, are released together, and the operation ends when every one of them holds its value
 * (each value is checked). The body ({@link MissStormServices#body}) takes 1 ms; {@link #body}
 * times it alone, one caller and no cache, as the yardstick for the storms.
 *
 * <p>Variants: {@code @Cached} (needs the agent), hand-written Caffeine {@code cache.get(key, fn)},
 * Spring {@code @Cacheable} with and without {@code sync = true}, and no cache. The auxiliary
 * counters {@code storms} and {@code bodyRuns} give body runs per storm; the single-flight variants
 * fail the run on any storm that does not run the body exactly once, so a {@code @Cached} method
 * the agent did not rewrite cannot produce a figure.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// A storm takes about a millisecond, nearly all of it parked: a second per iteration gives ~700
// storms, and the JIT has little to warm. 11 forks of 4 s fit the suite in about a minute.
@Warmup(iterations = 2, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MissStormBenchmark {

  /**
   * Keys never asked before in this JVM. Static: the smoke run puts several trials in one JVM, and
   * a {@code @Cached} method has one cache per JVM, so a per-trial counter would ask for hits.
   */
  private static final AtomicLong NEXT_KEY = new AtomicLong();

  /** Storms and body runs, summed per iteration; their quotient is body runs per storm. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Tally {
    public long storms;
    public long bodyRuns;

    @Setup(Level.Iteration)
    public void reset() {
      storms = 0;
      bodyRuns = 0;
    }

    /** Counts one storm that ran the body {@code runs} times, which must lie in [min, max]. */
    void record(long runs, long min, long max, String variant) {
      if (runs < min || runs > max) {
        throw new IllegalStateException(
            variant
                + ": a storm ran the body "
                + runs
                + " times, expected "
                + (min == max ? String.valueOf(min) : min + " to " + max));
      }
      storms++;
      bodyRuns += runs;
    }
  }

  /** The callers: {@code callers} threads, each asking for the storm's key once per storm. */
  @State(Scope.Benchmark)
  public static class Crowd {

    @Param({"16", "64"})
    public int callers;

    private Thread[] threads;

    /** Callers wait here between storms; the benchmark thread's arrival releases them. */
    private Phaser start;

    /** Each caller arrives here with its value; the benchmark thread waits for all of them. */
    private Phaser done;

    private Long[] values;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    // Written before the benchmark thread arrives at `start`, read by callers after it advances.
    private Loader loader;
    private long key;

    @Setup(Level.Trial)
    public void startCallers() {
      start = new Phaser(callers + 1);
      done = new Phaser(callers + 1);
      values = new Long[callers];
      threads = new Thread[callers];
      for (int i = 0; i < callers; i++) {
        int index = i;
        threads[i] = new Thread(() -> serve(index), "storm-caller-" + i);
        threads[i].setDaemon(true);
        threads[i].start();
      }
    }

    private void serve(int index) {
      while (start.arriveAndAwaitAdvance() >= 0) { // negative once terminated
        try {
          values[index] = loader.load(key);
        } catch (Throwable t) {
          failure.compareAndSet(null, t);
        }
        done.arrive();
      }
    }

    /**
     * Before each storm (not timed): a fresh key, and every caller back at the barrier and parked,
     * so that each storm starts from the same state.
     */
    @Setup(Level.Invocation)
    public void gather() {
      key = NEXT_KEY.incrementAndGet();
      Arrays.fill(values, null);
      while (start.getArrivedParties() < callers || !allParked()) {
        Thread.yield();
      }
    }

    private boolean allParked() {
      for (Thread t : threads) {
        if (t.getState() != Thread.State.WAITING) {
          return false;
        }
      }
      return true;
    }

    /** One storm through {@code loader}: returns how many times the body ran. */
    long storm(Loader through) {
      loader = through;
      long before = through.bodyRuns();
      start.arrive(); // the last party: releases every caller
      done.arriveAndAwaitAdvance();
      Throwable t = failure.get();
      if (t != null) {
        throw new IllegalStateException("a caller failed", t);
      }
      Long expected = MissStormServices.expected(key);
      for (int i = 0; i < callers; i++) {
        if (!expected.equals(values[i])) {
          throw new IllegalStateException(
              "caller " + i + " got " + values[i] + " for key " + key + ", expected " + expected);
        }
      }
      return through.bodyRuns() - before;
    }

    @TearDown(Level.Trial)
    public void stopCallers() throws InterruptedException {
      start.forceTermination();
      done.forceTermination();
      for (Thread t : threads) {
        t.join();
      }
    }
  }

  @State(Scope.Benchmark)
  public static class PlainState {
    final Loader loader = new MissStormServices.Plain();
  }

  @State(Scope.Benchmark)
  public static class CaffeineState {
    final Loader loader = new MissStormServices.CaffeineLoader();
  }

  @State(Scope.Benchmark)
  public static class CachedState {
    final Loader loader = new MissStormServices.CachedLoader();

    @Setup(Level.Trial)
    public void checkAgent() {
      AgentProbe.checkExpectation();
    }
  }

  /** A Spring context per trial; the benchmark calls both beans through their CGLIB proxies. */
  @State(Scope.Benchmark)
  public static class SpringState {
    private AnnotationConfigApplicationContext context;
    Loader plain;
    Loader sync;

    @Setup(Level.Trial)
    public void start() {
      context = new AnnotationConfigApplicationContext(MissStormServices.SpringConfig.class);
      plain = proxy(MissStormServices.SpringLoader.class);
      sync = proxy(MissStormServices.SpringSyncLoader.class);
    }

    private Loader proxy(Class<? extends Loader> type) {
      Loader bean = context.getBean(type);
      if (!AopUtils.isCglibProxy(bean)) {
        throw new IllegalStateException("expected a CGLIB proxy, got " + bean.getClass());
      }
      return bean;
    }

    @TearDown(Level.Trial)
    public void stop() {
      context.close();
    }
  }

  /** The yardstick: the body alone, one caller, no cache. */
  @Benchmark
  public Long body() {
    return MissStormServices.body(NEXT_KEY.incrementAndGet());
  }

  @Benchmark
  public void plain(Crowd crowd, PlainState s, Tally tally) {
    tally.record(crowd.storm(s.loader), crowd.callers, crowd.callers, "no cache");
  }

  @Benchmark
  public void caffeine(Crowd crowd, CaffeineState s, Tally tally) {
    tally.record(crowd.storm(s.loader), 1, 1, "Caffeine cache.get(key, fn)");
  }

  @Benchmark
  public void cached(Crowd crowd, CachedState s, Tally tally) {
    tally.record(crowd.storm(s.loader), 1, 1, "@Cached (is the Overdrive agent loaded?)");
  }

  @Benchmark
  public void springSync(Crowd crowd, SpringState s, Tally tally) {
    tally.record(crowd.storm(s.sync), 1, 1, "Spring @Cacheable(sync = true)");
  }

  /** Any count from 1 (callers that arrive after the first put hit) to every caller. */
  @Benchmark
  public void spring(Crowd crowd, SpringState s, Tally tally) {
    tally.record(crowd.storm(s.plain), 1, crowd.callers, "Spring @Cacheable");
  }
}
