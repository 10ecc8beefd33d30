package dev.overdrive.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/**
 * The cost of handing a small call to an executor: the direct call (no hand-off), hand-written
 * {@code CompletableFuture.supplyAsync(body, pool)}, Overdrive's {@code @Async} and Spring's
 * {@code @Async}, each returning a {@code CompletableFuture} of the body's result. The pools of the
 * hand-written and Spring variants are configured like Overdrive's {@code default} executor ({@link
 * AsyncPool}), so the variants differ only by the hand-off.
 *
 * <p>Two measures, benchmarks named {@code <variant>_<measure>}:
 *
 * <ul>
 *   <li>{@code roundTrip}: submit one call and wait for its result (µs per call, sampled, so the
 *       report has percentiles): the latency a caller sees, including waking an idle worker.
 *   <li>{@code burst}: submit {@value #BURST} calls without waiting, then wait for all of them
 *       (calls per second): the rate one thread can hand work off and have it done, sustained.
 *       Joining each burst keeps the queue from filling up, so no call runs in the caller (each
 *       variant's tally checks that), and the figure counts work done, not work merely queued.
 * </ul>
 *
 * Each variant's state checks at tear-down that every call ran its body exactly once, on the
 * threads of the executor it claims, and returned that body's result ({@link AsyncTally}); and at
 * set-up that the fork has the agent ({@link AgentProbe}, which also wakes it, so that every
 * variant runs in the same JVM configuration).
 */
// One fork per benchmark, 3 s of warm-up (past C2 for these short paths) and 5 s of measurement:
// the eight benchmarks take about 75 s on 2 cores.
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AsyncBenchmark {

  /** Calls submitted before waiting, in {@code *_burst}; far below the queue's 10,000. */
  static final int BURST = 100;

  /** A variant's books: calls made and results received, checked against its tally at tear-down. */
  abstract static class Calls {
    private final String variant;
    private final String suspect;
    AsyncTally tally;
    private long calls;
    private long received;

    Calls(String variant, String suspect) {
      this.variant = variant;
      this.suspect = suspect;
    }

    /** The next call's argument. */
    long next() {
      return ++calls;
    }

    long receive(long value) {
      received += value;
      return value;
    }

    void verify() {
      tally.verify(variant, calls, received, suspect);
    }
  }

  /** A variant that hands calls off: where a burst's futures wait to be joined. */
  abstract static class HandOff extends Calls {
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    final CompletableFuture<Long>[] burst = new CompletableFuture[BURST];

    HandOff(String variant, String suspect) {
      super(variant, suspect);
    }

    /** Waits for the burst's calls, in order; their results' sum. */
    long joinBurst() {
      long sum = 0;
      for (CompletableFuture<Long> f : burst) {
        sum += receive(f.join());
      }
      return sum;
    }
  }

  @State(Scope.Thread)
  public static class Direct extends Calls {
    public Direct() {
      super("direct call", "the benchmark is broken");
      tally = new AsyncTally(null);
    }

    @Setup(Level.Trial)
    public void setUp() {
      AgentProbe.checkExpectation();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      verify();
    }
  }

  @State(Scope.Thread)
  public static class HandWritten extends HandOff {
    private static final String THREADS = "supplyAsync-";
    ThreadPoolExecutor pool;

    public HandWritten() {
      super("supplyAsync", "is the pool's queue too small for a burst?");
    }

    @Setup(Level.Trial)
    public void setUp() {
      AgentProbe.checkExpectation();
      pool = AsyncPool.like("default", THREADS);
      tally = new AsyncTally(THREADS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        verify();
      } finally {
        pool.shutdown();
      }
    }
  }

  @State(Scope.Thread)
  public static class Overdrive extends HandOff {
    AsyncOverdriveService service;

    public Overdrive() {
      super(
          "@Async",
          "is the Overdrive agent loaded (-javaagent), and the default executor's queue"
              + " larger than a burst?");
    }

    @Setup(Level.Trial)
    public void setUp() {
      AgentProbe.checkExpectation();
      service = new AsyncOverdriveService();
      tally = service.tally;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      verify();
    }
  }

  @State(Scope.Thread)
  public static class Spring extends HandOff {
    private AnnotationConfigApplicationContext context;
    AsyncSpringService service;

    public Spring() {
      super(
          "Spring @Async",
          "is @EnableAsync in effect, and the executor bean the one @Async names?");
    }

    @Setup(Level.Trial)
    public void setUp() {
      AgentProbe.checkExpectation();
      context = new AnnotationConfigApplicationContext(AsyncSpringService.Config.class);
      service = context.getBean(AsyncSpringService.class);
      if (!AopUtils.isCglibProxy(service)) {
        throw new IllegalStateException("expected a CGLIB proxy, got " + service.getClass());
      }
      tally = service.tally();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        verify();
      } finally {
        context.close();
      }
    }
  }

  // ---- round trip: one call, then its result

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long direct_roundTrip(Direct s) {
    return s.receive(s.tally.body(s.next()));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long supplyAsync_roundTrip(HandWritten s) {
    AsyncTally tally = s.tally;
    long x = s.next();
    return s.receive(CompletableFuture.supplyAsync(() -> tally.body(x), s.pool).join());
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long async_roundTrip(Overdrive s) {
    return s.receive(s.service.compute(s.next()).join());
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long spring_roundTrip(Spring s) {
    return s.receive(s.service.compute(s.next()).join());
  }

  // ---- burst: BURST calls submitted, then all their results

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BURST)
  public long direct_burst(Direct s) {
    long sum = 0;
    for (int i = 0; i < BURST; i++) {
      sum += s.receive(s.tally.body(s.next()));
    }
    return sum;
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BURST)
  public long supplyAsync_burst(HandWritten s) {
    AsyncTally tally = s.tally;
    for (int i = 0; i < BURST; i++) {
      long x = s.next();
      s.burst[i] = CompletableFuture.supplyAsync(() -> tally.body(x), s.pool);
    }
    return s.joinBurst();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BURST)
  public long async_burst(Overdrive s) {
    for (int i = 0; i < BURST; i++) {
      s.burst[i] = s.service.compute(s.next());
    }
    return s.joinBurst();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BURST)
  public long spring_burst(Spring s) {
    for (int i = 0; i < BURST; i++) {
      s.burst[i] = s.service.compute(s.next());
    }
    return s.joinBurst();
  }
}
