package dev.overdrive.benchmarks;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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

/**
 * Processing {@value ParallelWork#ITEMS} items four ways: a sequential loop; {@code
 * parallelStream()} on the common pool; {@code CompletableFuture.allOf} by hand, over the same
 * chunks as {@code @Parallel}, on a pool configured like the Overdrive executor it uses ({@link
 * AsyncPool}); and Overdrive's {@code @Parallel} ({@link ParallelService}). Two workloads ({@code
 * work}): {@code io}, items that sleep 1 ms, 50 at a time on 50 threads; {@code cpu}, items of
 * about 10 µs of arithmetic, for {@code @Parallel} and {@code allOf} in chunks of 50, as many at
 * once as processors. Plus {@code oneSleep}, what {@code Thread.sleep(1)} really takes here, for
 * the I/O ideal.
 *
 * <p>Every call must return the known sum of the items' values, and each variant's state checks at
 * tear-down that every item ran exactly once per call, that the list was split as claimed, and that
 * the work ran where claimed; it also records, per iteration, the most items that ran at once
 * ({@code peakInFlight}, a JMH counter), which must not exceed the variant's limit.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// One fork each, with warm pools (their threads start during warm-up): the nine benchmarks take
// about 75 s on 2 cores, the I/O loop's 1.1 s calls included.
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(1)
public class ParallelBenchmark {

  /** The workload, shared by the variant states. */
  @State(Scope.Benchmark)
  public static class Workload {
    @Param({"io", "cpu"})
    public String work;

    boolean io() {
      return work.equals("io");
    }
  }

  /**
   * A variant's state: its items' books, the input and its expected sum. Each subclass is also a
   * JMH counter, {@code peakInFlight}: the most items that ran at once during the iteration, which
   * must not exceed the variant's limit. (Each declares it: JMH reads only a state's own methods.
   * JMH's log prints the counter's sum over the iterations; {@link ParallelSuite} reads each
   * iteration's.)
   */
  abstract static class Items {
    private final String variant;
    ParallelWork work;
    List<Integer> input;
    private long expected;
    private long calls;

    /** Most items the variant may run at once. */
    private int limit;

    Items(String variant) {
      this.variant = variant;
    }

    /**
     * Also checks that the fork has the agent, and wakes it: every variant runs in the same JVM
     * configuration.
     */
    void start(ParallelWork work, int limit) {
      AgentProbe.checkExpectation();
      this.work = work;
      this.input = ParallelWork.input();
      this.expected = work.expectedSum();
      this.limit = limit;
    }

    @Setup(Level.Iteration)
    public void resetPeak() {
      work.resetPeak();
    }

    @TearDown(Level.Iteration)
    public void checkPeak() {
      if (work.peak() > limit) {
        fail(work.peak() + " items ran at once, more than " + limit);
      }
    }

    /** Counts the call and checks its result: the sum of every item's value. */
    long check(long sum) {
      calls++;
      if (sum != expected) {
        throw new IllegalStateException(variant + " returned " + sum + ", expected " + expected);
      }
      return sum;
    }

    /**
     * Every item ran once per call, and the loop saw lists of {@code chunk} items (0: not checked).
     */
    void verify(int chunk) {
      if (work.items() != calls * ParallelWork.ITEMS) {
        throw new IllegalStateException(
            variant
                + ": "
                + calls
                + " calls ran "
                + work.items()
                + " items, expected "
                + ParallelWork.ITEMS
                + " each");
      }
      if (chunk > 0 && work.largestChunk() != chunk) {
        throw new IllegalStateException(
            variant
                + ": the loop was given up to "
                + work.largestChunk()
                + " items at once, expected chunks of "
                + chunk
                + (chunk < ParallelWork.ITEMS
                    ? "; is the Overdrive agent loaded (-javaagent)?"
                    : ""));
      }
    }

    void fail(String what) {
      throw new IllegalStateException(variant + ": " + what);
    }
  }

  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Sequential extends Items {
    public Sequential() {
      super("sequential");
    }

    public int peakInFlight() {
      return work.peak();
    }

    @Setup(Level.Trial)
    public void setUp(Workload w) {
      start(new ParallelWork(w.io(), null), 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      verify(ParallelWork.ITEMS);
    }
  }

  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Stream extends Items {
    public Stream() {
      super("parallelStream");
    }

    public int peakInFlight() {
      return work.peak();
    }

    /**
     * No limit: the common pool's workers and the caller run items, and a worker blocked in a join
     * may be compensated by a spare thread.
     */
    @Setup(Level.Trial)
    public void setUp(Workload w) {
      start(new ParallelWork(w.io(), null), Integer.MAX_VALUE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      verify(0);
    }
  }

  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class AllOf extends Items {
    private static final String THREADS = "allOf-";
    ThreadPoolExecutor pool;

    public AllOf() {
      super("allOf by hand");
    }

    public int peakInFlight() {
      return work.peak();
    }

    /**
     * A pool like the Overdrive executor {@code @Parallel} uses for this workload; the caller
     * waits.
     */
    @Setup(Level.Trial)
    public void setUp(Workload w) {
      if (w.io()) {
        ParallelWork.configureIoExecutor();
      }
      pool = AsyncPool.like(w.io() ? ParallelWork.IO_EXECUTOR : "default", THREADS);
      start(new ParallelWork(w.io(), THREADS), pool.getMaximumPoolSize());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      try {
        verify(work.chunk());
        if (work.onPool() != work.items()) {
          fail((work.items() - work.onPool()) + " items ran outside the pool (a full queue?)");
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Annotated extends Items {
    ParallelService service;

    public Annotated() {
      super("@Parallel");
    }

    public int peakInFlight() {
      return work.peak();
    }

    /** {@code maxConcurrency}: 50 for I/O, processors (the default) for CPU; the caller counts. */
    @Setup(Level.Trial)
    public void setUp(Workload w) {
      ParallelWork.configureIoExecutor(); // before ParallelService loads
      ParallelWork work =
          new ParallelWork(
              w.io(), w.io() ? ParallelService.IO_THREADS : ParallelService.CPU_THREADS);
      service = new ParallelService(work);
      start(
          work, w.io() ? ParallelWork.IO_CONCURRENCY : Runtime.getRuntime().availableProcessors());
    }

    /**
     * For I/O, some items must have run on the {@code io} executor's threads (with 49 helpers and a
     * second of sleeps, always); for CPU the caller may, on a busy machine, run every chunk.
     */
    @TearDown(Level.Trial)
    public void tearDown() {
      verify(work.chunk());
      if (work.io && work.onPool() == 0) {
        fail("no item ran on the " + ParallelService.IO_THREADS + "* threads");
      }
    }
  }

  @Benchmark
  @Warmup(iterations = 1) // an I/O call takes 1.1 s: one call per iteration
  @Measurement(iterations = 5)
  public long sequential(Sequential s) {
    return s.check(s.work.sum(s.input));
  }

  @Benchmark
  public long parallelStream(Stream s) {
    return s.check(s.input.parallelStream().mapToLong(s.work::item).sum());
  }

  @Benchmark
  public long allOf(AllOf s) {
    List<Integer> input = s.input;
    ParallelWork work = s.work;
    int chunk = work.chunk();
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    CompletableFuture<Long>[] parts = new CompletableFuture[(input.size() + chunk - 1) / chunk];
    for (int i = 0; i < parts.length; i++) {
      List<Integer> part = input.subList(i * chunk, Math.min(input.size(), (i + 1) * chunk));
      parts[i] = CompletableFuture.supplyAsync(() -> work.sum(part), s.pool);
    }
    CompletableFuture.allOf(parts).join();
    long sum = 0;
    for (CompletableFuture<Long> part : parts) {
      sum += part.join();
    }
    return s.check(sum);
  }

  @Benchmark
  public long parallel(Annotated s) {
    return s.check(s.work.io ? s.service.io(s.input) : s.service.cpu(s.input));
  }

  /** One {@code Thread.sleep(1)}: what an I/O item really waits. */
  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void oneSleep() throws InterruptedException {
    Thread.sleep(1);
  }
}
