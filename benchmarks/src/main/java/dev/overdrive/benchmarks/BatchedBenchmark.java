package dev.overdrive.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Request collapsing against a backend with the capacity of a small connection pool ({@link
 * BatchedBackend}): each JMH thread is a caller asking for one key at a time, as fast as its
 * answers come (a closed loop), through one of three variants that all call the same backend:
 * {@code unbatched} (one backend call per request), {@code dataloader} (java-dataloader, shared by
 * all callers, see {@link BatchedDataLoader}) and {@code batched} ({@code @Batched}, see {@link
 * BatchedService}; needs the agent). {@link BatchedSuite} runs them at 1, 8 and 64 threads.
 *
 * <p>Throughput mode gives requests per millisecond and, through {@link Counters}, the backend's
 * calls, keys and slot time over the same iterations; SampleTime mode gives the latency
 * distribution. Every answer is checked, and the batching variants' states fail the run if, at 8
 * callers or more, they made as many backend calls as requests: a variant that does not batch gives
 * no number.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
// Nothing here waits on the JIT (a request is a millisecond of parking), but the batchers and
// thread pools settle in the first iteration; one fork per mode keeps 18 runs near 2 minutes.
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class BatchedBenchmark {

  /** Callers from which the batching variants must batch, or fail. */
  static final int MUST_BATCH_FROM = 8;

  /** The backend of one run, shared by all its callers. */
  @State(Scope.Benchmark)
  public static class Pool {
    final BatchedBackend backend = new BatchedBackend();
  }

  /**
   * A caller's keys: thread {@code t} asks for {@code t * 2^40}, then the next, and so on, so no
   * two requests of a run share a key and no batch is shrunk by duplicates.
   */
  @State(Scope.Thread)
  public static class Caller {
    private long next;

    @Setup(Level.Trial)
    public void start(ThreadParams thread) {
      next = (long) thread.getThreadIndex() << 40;
    }

    Long nextKey() {
      return next++;
    }
  }

  /**
   * The backend's counts during each iteration (Throughput mode only): {@code backendCalls}, {@code
   * backendKeys} and {@code slotMillis} (time calls held a slot). They are global, so only thread 0
   * reports them and the others report 0: JMH sums counters over threads. JMH divides them by
   * thread 0's measured time, but they also count the threads' synchronisation before and after it
   * (a few percent at 64 threads), so only their ratios are exact: calls per key, which is calls
   * per request, and slot time per call.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Counters {
    private BatchedBackend backend;
    private boolean reports;
    private long calls;
    private long keys;
    private long heldNanos;

    @Setup(Level.Iteration)
    public void start(Pool pool, ThreadParams thread) {
      backend = pool.backend;
      reports = thread.getThreadIndex() == 0;
      calls = backend.calls();
      keys = backend.keys();
      heldNanos = backend.heldNanos();
    }

    public long backendCalls() {
      return reports ? backend.calls() - calls : 0;
    }

    public long backendKeys() {
      return reports ? backend.keys() - keys : 0;
    }

    public double slotMillis() {
      return reports ? (backend.heldNanos() - heldNanos) / 1e6 : 0;
    }
  }

  /** Fails the run if a batching variant made a backend call per request with enough callers. */
  static void checkBatches(String variant, BatchedBackend backend, BenchmarkParams params) {
    if (params.getThreads() >= MUST_BATCH_FROM && backend.calls() >= backend.keys()) {
      throw new IllegalStateException(
          variant
              + " at "
              + params.getThreads()
              + " callers made "
              + backend.calls()
              + " backend calls for "
              + backend.keys()
              + " requests: it did not batch");
    }
  }

  @State(Scope.Benchmark)
  public static class DataLoaderState {
    BatchedDataLoader loader;

    @Setup(Level.Trial)
    public void start(Pool pool) {
      loader = new BatchedDataLoader(pool.backend);
    }

    @TearDown(Level.Trial)
    public void stop(Pool pool, BenchmarkParams params) {
      loader.close();
      checkBatches("java-dataloader", pool.backend, params);
    }
  }

  @State(Scope.Benchmark)
  public static class BatchedState {
    BatchedService service;

    @Setup(Level.Trial)
    public void start(Pool pool) {
      AgentProbe.checkExpectation();
      service = new BatchedService(pool.backend);
    }

    @TearDown(Level.Trial)
    public void stop(Pool pool, BenchmarkParams params) {
      checkBatches("@Batched", pool.backend, params);
    }
  }

  private static Long checked(Long key, Long value) {
    if (value == null || value.longValue() != BatchedBackend.value(key)) {
      throw new IllegalStateException("key " + key + " answered " + value);
    }
    return value;
  }

  @Benchmark
  public Long unbatched(Caller caller, Pool pool, Counters counters) {
    Long key = caller.nextKey();
    return checked(key, pool.backend.load(key));
  }

  @Benchmark
  public Long dataloader(Caller caller, DataLoaderState state, Counters counters) {
    Long key = caller.nextKey();
    return checked(key, state.loader.find(key));
  }

  @Benchmark
  public Long batched(Caller caller, BatchedState state, Counters counters) {
    Long key = caller.nextKey();
    return checked(key, state.service.find(key));
  }
}
