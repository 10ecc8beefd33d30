package dev.overdrive.benchmarks;

import java.util.concurrent.atomic.LongAdder;

/**
 * The body every variant of {@link AsyncBenchmark} runs (a few nanoseconds of arithmetic, so that
 * the hand-off is what is measured) and the books kept on it: how many bodies ran, how many of them
 * on the executor the variant claims to use, and the sum of their results. At tear-down a variant
 * proves with them that each call ran its body exactly once, on that executor's threads, and
 * delivered that body's result to the caller: no variant is skipped or runs inline unseen.
 */
final class AsyncTally {

  /** Names of the threads bodies must run on; null: the caller's (the direct call). */
  private final String threadPrefix;

  private final LongAdder onPool = new LongAdder();
  private final LongAdder elsewhere = new LongAdder();
  private final LongAdder sum = new LongAdder();

  AsyncTally(String threadPrefix) {
    this.threadPrefix = threadPrefix;
  }

  long body(long x) {
    boolean pooled =
        threadPrefix != null && Thread.currentThread().getName().startsWith(threadPrefix);
    (pooled ? onPool : elsewhere).increment();
    // MurmurHash3's finalizer: cheap, and not foldable into something trivial.
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    long value = x ^ (x >>> 33);
    sum.add(value);
    return value;
  }

  /**
   * Fails unless {@code calls} calls, whose results added up to {@code received}, each ran one
   * body, and (for a pooled variant) all of them on the pool's threads.
   */
  void verify(String variant, long calls, long received, String suspect) {
    long ran = onPool.sum() + elsewhere.sum();
    if (ran != calls) {
      throw new IllegalStateException(
          variant + ": " + calls + " calls ran " + ran + " bodies; " + suspect);
    }
    if (sum.sum() != received) {
      throw new IllegalStateException(
          variant + ": the callers did not receive the bodies' results; " + suspect);
    }
    if (threadPrefix != null && elsewhere.sum() != 0) {
      throw new IllegalStateException(
          variant
              + ": "
              + elsewhere.sum()
              + " of "
              + calls
              + " bodies ran outside the "
              + threadPrefix
              + "* threads (in the caller: no hand-off, or a full"
              + " queue); "
              + suspect);
    }
  }
}
