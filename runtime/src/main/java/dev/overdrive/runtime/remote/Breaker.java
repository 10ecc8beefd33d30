package dev.overdrive.runtime.remote;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A circuit breaker in front of Redis.
 *
 * <p>Design. Closed: every call goes to Redis; {@code threshold} consecutive failures (errors or
 * timeouts) open it. Open: calls return "not available" at once, touching no socket, until a
 * backoff has passed; then exactly one caller (or the tier's heartbeat, whichever comes first) is
 * let through as a probe (half-open). A probe that succeeds closes the breaker; one that fails
 * opens it again with twice the backoff, up to {@code maxBackoff}. Any success resets the count.
 * The state is a volatile int read on every call; transitions are synchronized (they happen a few
 * times per outage).
 */
final class Breaker {

  static final int CLOSED = 0;
  static final int OPEN = 1;
  static final int HALF_OPEN = 2;

  interface Listener {
    /** {@code connected} is false when the breaker opens, true when it closes again. */
    void onChange(boolean connected);
  }

  private final int threshold;
  private final long baseNanos;
  private final long maxNanos;
  private final LongSupplier clock;
  private final Listener listener;
  private final AtomicInteger failures = new AtomicInteger();

  private volatile int state = CLOSED;
  private long retryAt;
  private long backoff;
  private long opened;

  Breaker(
      int threshold, long baseMillis, long maxMillis, LongSupplier nanoClock, Listener listener) {
    this.threshold = Math.max(1, threshold);
    this.baseNanos = TimeUnit.MILLISECONDS.toNanos(baseMillis);
    this.maxNanos = Math.max(baseNanos, TimeUnit.MILLISECONDS.toNanos(maxMillis));
    this.clock = nanoClock;
    this.listener = listener;
    this.backoff = baseNanos;
  }

  /** Whether a call may go to Redis now; it then reports {@link #success} or {@link #failure}. */
  boolean allow() {
    int s = state;
    return s == CLOSED || (s == OPEN && tryProbe());
  }

  private synchronized boolean tryProbe() {
    if (state != OPEN || clock.getAsLong() - retryAt < 0) {
      return false;
    }
    state = HALF_OPEN;
    return true;
  }

  void success() {
    failures.set(0);
    if (state != CLOSED) {
      close();
    }
  }

  private void close() {
    synchronized (this) {
      if (state == CLOSED) {
        return;
      }
      state = CLOSED;
      backoff = baseNanos;
    }
    listener.onChange(true);
  }

  /**
   * A call that tells nothing about Redis (its connection was stale): a probe's turn passes to the
   * next call at once.
   */
  void neutral() {
    synchronized (this) {
      if (state == HALF_OPEN) {
        state = OPEN;
        retryAt = clock.getAsLong();
      }
    }
  }

  void failure() {
    int s = state;
    if (s == HALF_OPEN) {
      open(true);
    } else if (s == CLOSED && failures.incrementAndGet() >= threshold) {
      open(false);
    }
  }

  private void open(boolean again) {
    synchronized (this) {
      if (again) {
        if (state != HALF_OPEN) {
          return;
        }
        backoff = Math.min(maxNanos, backoff * 2);
      } else {
        if (state != CLOSED) {
          return;
        }
        opened++;
      }
      state = OPEN;
      retryAt = clock.getAsLong() + backoff;
    }
    if (!again) {
      listener.onChange(false);
    }
  }

  int state() {
    return state;
  }

  boolean closed() {
    return state == CLOSED;
  }

  /** How many times it opened (from closed). */
  synchronized long opened() {
    return opened;
  }
}
