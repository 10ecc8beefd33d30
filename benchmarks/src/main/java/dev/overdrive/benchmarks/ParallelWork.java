package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The items every variant of {@link ParallelBenchmark} processes, one workload per instance, and
 * the books kept on them: items run, how many on the threads the variant hands work to, how many
 * ran at once, and the largest list one loop was given (whether the list was split). An I/O-bound
 * item sleeps 1 ms ({@code Thread.sleep(1)}) and returns a value derived from the item; a CPU-bound
 * item computes for about 10 µs ({@value #CPU_ROUNDS} rounds of a hash). Either way the sum over
 * all items is known in advance ({@link #expectedSum}), so a variant that skips, repeats or loses
 * an item gives a wrong sum.
 */
final class ParallelWork {

  static final int ITEMS = 1000;

  /** I/O: items at once, which is also the {@code io} executor's size and the allOf pool's. */
  static final int IO_CONCURRENCY = 50;

  /**
   * The Overdrive executor of the I/O workload; it must be configured (see {@link
   * #configureIoExecutor}).
   */
  static final String IO_EXECUTOR = "io";

  /** CPU: items per chunk: 20 chunks of about 0.5 ms, enough to keep every core busy to the end. */
  static final int CPU_CHUNK = 50;

  static final int CPU_ROUNDS = 3000;

  private static final String IO_THREADS = "overdrive.executor." + IO_EXECUTOR + ".threads";

  /** {@code io} or {@code cpu}. */
  final boolean io;

  /** Names of the threads the variant hands items to; null: it runs them all in the caller. */
  private final String poolPrefix;

  private final LongAdder items = new LongAdder();
  private final LongAdder onPool = new LongAdder();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peak = new AtomicInteger();
  private final AtomicInteger largestChunk = new AtomicInteger();

  ParallelWork(boolean io, String poolPrefix) {
    this.io = io;
    this.poolPrefix = poolPrefix;
  }

  /** The input: 0 to {@link #ITEMS} - 1 in an {@code ArrayList}, as a caller would pass it. */
  static List<Integer> input() {
    List<Integer> input = new ArrayList<>(ITEMS);
    for (int i = 0; i < ITEMS; i++) {
      input.add(i);
    }
    return input;
  }

  /**
   * The benchmark's forks get {@code -Doverdrive.executor.io.threads=50}; an in-process (smoke) run
   * has no such flag, so it is set here, which works as long as no class using the {@code io}
   * executor has loaded yet (the agent checks the executor's configuration as the class loads):
   * call it before touching {@link ParallelService}. Fails if the executor is configured otherwise.
   */
  static void configureIoExecutor() {
    String threads = System.getProperty(IO_THREADS);
    if (threads == null) {
      System.setProperty(IO_THREADS, String.valueOf(IO_CONCURRENCY));
    } else if (!threads.trim().equals(String.valueOf(IO_CONCURRENCY))) {
      throw new IllegalStateException(
          IO_THREADS + "=" + threads + ", this benchmark needs " + IO_CONCURRENCY);
    }
  }

  /** Items per chunk, as {@code @Parallel} is told and as the hand-written version splits them. */
  int chunk() {
    return io ? 1 : CPU_CHUNK;
  }

  /** One item. */
  long item(int x) {
    items.increment();
    if (poolPrefix != null && Thread.currentThread().getName().startsWith(poolPrefix)) {
      onPool.increment();
    }
    int now = inFlight.incrementAndGet();
    if (now > peak.get()) {
      peak.accumulateAndGet(now, Math::max);
    }
    try {
      return io ? sleep(x) : crunch(x);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Items one after the other: the sequential loop, a chunk's body. */
  long sum(List<Integer> chunk) {
    if (chunk.size() > largestChunk.get()) {
      largestChunk.accumulateAndGet(chunk.size(), Math::max);
    }
    long sum = 0;
    for (Integer x : chunk) {
      sum += item(x);
    }
    return sum;
  }

  /** The sum of every item's value: what each variant must return. */
  long expectedSum() {
    long sum = 0;
    for (int x = 0; x < ITEMS; x++) {
      sum += io ? mix(x) : crunch(x);
    }
    return sum;
  }

  long items() {
    return items.sum();
  }

  long onPool() {
    return onPool.sum();
  }

  /** The most items {@link #sum} was given at once: {@link #ITEMS} unless the list was split. */
  int largestChunk() {
    return largestChunk.get();
  }

  /** Most items that ran at once since the last {@link #resetPeak}. */
  int peak() {
    return peak.get();
  }

  void resetPeak() {
    peak.set(0);
  }

  private static long sleep(int x) {
    try {
      Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return mix(x);
  }

  private static long crunch(int x) {
    long h = x;
    for (int i = 0; i < CPU_ROUNDS; i++) {
      h = mix(h + i);
    }
    return h;
  }

  /** MurmurHash3's finalizer. */
  private static long mix(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    return x ^ (x >>> 33);
  }
}
