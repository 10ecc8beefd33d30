package dev.overdrive.runtime.async;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tasks for one key that record what the lane hand-off must guarantee: how many ran, whether two
 * ever ran at once, and whether one submitter's two tasks ran in its order.
 */
final class LaneProbe {
  static final String KEY = "account-7";

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger ran = new AtomicInteger();
  private volatile int overlaps;
  private volatile int firstOfPairAt = -1;
  private volatile int secondOfPairAt = -1;

  Runnable task() {
    return () -> {
      enter();
      leave();
    };
  }

  Runnable firstOfPair() {
    return () -> {
      enter();
      firstOfPairAt = ran.get();
      leave();
    };
  }

  Runnable secondOfPair() {
    return () -> {
      enter();
      secondOfPairAt = ran.get();
      leave();
    };
  }

  private void enter() {
    if (running.getAndIncrement() != 0) {
      overlaps = 1;
    }
  }

  private void leave() {
    ran.incrementAndGet();
    running.decrementAndGet();
  }

  int ran() {
    return ran.get();
  }

  int overlaps() {
    return overlaps;
  }

  /** 1 when the pair ran, first before second. */
  int pairInOrder() {
    return firstOfPairAt >= 0 && secondOfPairAt > firstOfPairAt ? 1 : 0;
  }
}
