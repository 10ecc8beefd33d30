package dev.overdrive.runtime.journal;

import dev.overdrive.runtime.config.Config;
import java.time.Duration;

/**
 * Retry delays for a durable call that threw: exponential, capped, with "equal jitter" (a delay
 * drawn between half the exponential step and the whole of it, so retries of many calls that failed
 * together spread out yet never come back at once). Attempt 1 is the first run; after {@code
 * maxAttempts} runs that threw, the call is dead.
 */
public record Backoff(Duration initial, Duration max, int maxAttempts) {

  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  public Backoff {
    if (initial.isNegative() || max.compareTo(initial) < 0 || maxAttempts < 1) {
      throw new IllegalArgumentException(initial + " " + max + " " + maxAttempts);
    }
  }

  /** 100ms doubling up to 30s, {@code overdrive.journal.maxAttempts} (default 5) runs. */
  public static Backoff from(Config config) {
    return new Backoff(
        Duration.ofMillis(100),
        Duration.ofSeconds(30),
        config.integer(Config.JOURNAL_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS, 1));
  }

  /** {@code true} once a call has run {@code attempts} times and thrown each time. */
  public boolean exhausted(int attempts) {
    return attempts >= maxAttempts;
  }

  /**
   * How long to wait before run {@code attempts + 1}, after {@code attempts >= 1} failed runs;
   * {@code random} is any long (e.g. {@code ThreadLocalRandom.current().nextLong()}).
   */
  public long delayNanos(int attempts, long random) {
    long step = initial.toNanos();
    long cap = max.toNanos();
    for (int i = 1; i < attempts && step < cap; i++) {
      step = step > cap / 2 ? cap : step * 2;
    }
    step = Math.min(step, cap);
    long half = step / 2;
    return half + (half == 0 ? 0 : Math.floorMod(random, half + 1));
  }
}
