package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Sneaky;
import java.util.concurrent.CountDownLatch;

/**
 * One load of a missing key, led by the caller that claimed it; concurrent callers of the same
 * key wait here and share its outcome (single-flight). The outcome fields are written before the
 * latch opens and read after it, so the latch orders them.
 */
final class Flight {

  /** The caller must run the body and not touch the cache (a refresh, or recursion on its key). */
  static final Flight BYPASS = new Flight(null, null, 0);

  final Object key;
  final Thread leader;
  /** The cache's generation when the load began; an invalidation since then discards its value. */
  final int generation;

  private final CountDownLatch done = new CountDownLatch(1);
  private Object value;
  private Throwable failure;

  Flight(Object key, Thread leader, int generation) {
    this.key = key;
    this.leader = leader;
    this.generation = generation;
  }

  void succeed(Object storedForm) {
    value = storedForm;
    done.countDown();
  }

  void fail(Throwable t) {
    failure = t;
    done.countDown();
  }

  /** The leader's value in stored form, or its exception (the same object) rethrown. */
  Object await() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the leader is running our body: wait for it, keep the interrupt
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw Sneaky.raise(failure);
    }
    return value;
  }
}
