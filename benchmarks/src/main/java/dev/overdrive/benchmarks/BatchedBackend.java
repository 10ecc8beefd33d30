package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The backend every variant of {@link BatchedBenchmark} calls, simulated: a service behind a small
 * connection pool. At most {@link #SLOTS} calls run at once, each holding its slot for {@link
 * #CALL_NANOS} plus {@link #KEY_NANOS} per key; further callers wait for a slot in arrival order (a
 * fair semaphore, as a pool's queue would be). It counts calls, keys and slot time, which the
 * benchmark reports per request.
 *
 * <p>A call holds its slot until a deadline taken from {@link System#nanoTime()}, so it never takes
 * less than specified: it parks until {@link #PARK_SLACK_NANOS} before the deadline, then yields
 * the processor until the deadline has passed. Parking alone overshoots by the kernel's timer slack
 * and wake-up latency (measured: about 80 µs per call at 64 callers on 2 cores, which would favour
 * the variants making fewer calls); spinning the whole time would take the CPU the callers need.
 * The overshoot left (about 20 to 30 µs) is in {@link #heldNanos()}.
 */
final class BatchedBackend {

  static final int SLOTS = 4;
  static final long CALL_NANOS = 1_000_000;
  static final long KEY_NANOS = 10_000;

  /** Parking ends this long before the deadline; yielding covers the rest (see above). */
  static final long PARK_SLACK_NANOS = 100_000;

  private final Semaphore slots = new Semaphore(SLOTS, true);
  private final LongAdder calls = new LongAdder();
  private final LongAdder keys = new LongAdder();
  private final LongAdder held = new LongAdder();

  /** One key, one call. */
  Long load(Long key) {
    hold(1);
    return value(key);
  }

  /** Many keys, one call; the values in the order of the keys. */
  List<Long> loadAll(List<Long> batch) {
    hold(batch.size());
    List<Long> values = new ArrayList<>(batch.size());
    for (Long key : batch) {
      values.add(value(key));
    }
    return values;
  }

  /** The value of {@code key}: what callers check their answer against. */
  static Long value(long key) {
    return key * 31 + 7;
  }

  long calls() {
    return calls.sum();
  }

  long keys() {
    return keys.sum();
  }

  /** Total time calls held a slot. */
  long heldNanos() {
    return held.sum();
  }

  private void hold(int keyCount) {
    slots.acquireUninterruptibly();
    try {
      long start = System.nanoTime();
      long deadline = start + CALL_NANOS + KEY_NANOS * keyCount;
      for (long left = deadline - start; left > 0; left = deadline - System.nanoTime()) {
        if (left > PARK_SLACK_NANOS) {
          LockSupport.parkNanos(left - PARK_SLACK_NANOS);
        } else {
          Thread.yield();
        }
      }
      held.add(System.nanoTime() - start);
    } finally {
      slots.release();
    }
    calls.increment();
    keys.add(keyCount);
  }
}
