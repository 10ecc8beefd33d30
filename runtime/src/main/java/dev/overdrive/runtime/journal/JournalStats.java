package dev.overdrive.runtime.journal;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * A journal's meters as plain counters, for the integrator to bind ({@code overdrive.journal.*}):
 * counters are {@link LongAdder}s, {@link #pending} a gauge, fsyncs a count and a total time, and
 * {@link #onSync} receives each fsync's nanoseconds for a timer.
 */
public final class JournalStats {
  /** CALL records appended (replays of dead calls included). */
  public final LongAdder appended = new LongAdder();

  /** DONE records appended. */
  public final LongAdder completed = new LongAdder();

  /** Calls handed out for running again: pending at open, and dead calls replayed. */
  public final LongAdder replayed = new LongAdder();

  /** Calls moved to the dead letters. */
  public final LongAdder dead = new LongAdder();

  /** fsyncs of segments made for appends. */
  public final LongAdder syncs = new LongAdder();

  /** Their total duration. */
  public final LongAdder syncNanos = new LongAdder();

  /** Appends those fsyncs made durable: {@code syncedCalls / syncs} callers share one fsync. */
  public final LongAdder syncedCalls = new LongAdder();

  /** Set by the integrator to time each fsync; called by the syncing thread. */
  public volatile LongConsumer onSync;

  volatile long pending;

  /** CALLs without DONE or DEAD, now. */
  public long pending() {
    return pending;
  }

  /** Mean appends per fsync so far (1.0 for {@code always}; 0 before the first). */
  public double callsPerSync() {
    long n = syncs.sum();
    return n == 0 ? 0 : (double) syncedCalls.sum() / n;
  }

  void synced(long nanos, long calls) {
    syncs.increment();
    syncNanos.add(nanos);
    syncedCalls.add(calls);
    LongConsumer listener = onSync;
    if (listener != null) {
      listener.accept(nanos);
    }
  }
}
