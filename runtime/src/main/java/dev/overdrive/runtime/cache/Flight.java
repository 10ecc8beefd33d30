package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Sneaky;
import java.util.concurrent.CountDownLatch;

/**
 * One load of a missing key, led by the caller that claimed it; concurrent callers of the same key
 * wait here and share its outcome (single-flight). The outcome fields are written before the latch
 * opens and read after it, so the latch orders them.
 *
 * <p>Design of the wait. Waiting must never be for ever:
 *
 * <ul>
 *   <li>A waiter that is interrupted stops waiting: {@link #await} throws {@link
 *       InterruptedException} (the interrupt status is cleared, as usual for that exception), and
 *       the cache site rethrows it as an unchecked {@code CancellationException} with the interrupt
 *       status restored. The leader goes on and stores its value for the next caller.
 *   <li>A wait that would close a cycle does not begin. Each thread has a {@link Caller} record
 *       that others can read: the flight it waits for, if any; a flight knows its leader's record.
 *       A waiter first publishes what it waits for (a volatile write), then follows the chain: this
 *       flight's leader, the flight that leader waits for, its leader, and so on. If the chain
 *       comes back to the waiter (T1 leads A and waits for B while T2 leads B and asks for A),
 *       waiting would deadlock, so the waiter runs the body itself instead, as recursion on one
 *       thread does ({@link #BYPASS}). Of two threads closing a cycle at the same moment, at least
 *       one sees the other's published wait (both write, then read, volatile fields), so a cycle is
 *       always broken; both may break it, which only costs a second body run.
 * </ul>
 *
 * This is all on the wait path: a hit or an uncontended miss touches none of it. It takes no lock;
 * the chain is walked a bounded number of hops (a cycle that does not include this waiter is broken
 * by its own members).
 */
final class Flight {

  /** The caller must run the body and not touch the cache (a refresh, recursion, a cycle). */
  static final Flight BYPASS = new Flight(null, null, 0);

  /** Longest chain of waits followed when looking for a cycle. */
  private static final int MAX_HOPS = 64;

  private static final ThreadLocal<Caller> CALLERS = ThreadLocal.withInitial(Caller::new);

  /** A thread as single-flight sees it; held by the flights it leads, not the thread itself. */
  static final class Caller {
    /** The flight this thread waits for, or {@code null}. */
    volatile Flight awaiting;
  }

  final Object key;
  final Caller leader;

  /** The cache's generation when the load began; an invalidation since then discards its value. */
  final int generation;

  /**
   * A remote cache's Redis lookup whose key this flight's value is written to (a {@code
   * RemoteCache.Lookup}, typed Object so that a local cache never loads the Redis classes); {@code
   * null}: the value stays local. Only the leader touches it.
   */
  Object remote;

  private final CountDownLatch done = new CountDownLatch(1);
  private Object value;
  private Throwable failure;

  Flight(Object key, Caller leader, int generation) {
    this.key = key;
    this.leader = leader;
    this.generation = generation;
  }

  /** This thread's record. */
  static Caller caller() {
    return CALLERS.get();
  }

  void succeed(Object storedForm) {
    value = storedForm;
    done.countDown();
  }

  void fail(Throwable t) {
    failure = t;
    done.countDown();
  }

  /**
   * The leader's value in stored form, or its exception (the same object) rethrown; or {@link
   * #BYPASS} when waiting would close a cycle of waits.
   *
   * @throws InterruptedException if {@code me} is interrupted while it waits
   */
  Object await(Caller me) throws InterruptedException {
    me.awaiting = this;
    try {
      if (closesCycle(me)) {
        return BYPASS;
      }
      done.await();
    } finally {
      me.awaiting = null;
    }
    if (failure != null) {
      throw Sneaky.raise(failure);
    }
    return value;
  }

  /** Whether this flight's leader waits, directly or through others, for {@code me}. */
  private boolean closesCycle(Caller me) {
    Flight f = this;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
      Caller next = f.leader;
      if (next == me) {
        return true;
      }
      f = next == null ? null : next.awaiting;
      if (f == null || f.done.getCount() == 0) {
        return false; // the chain ends with someone running: it will finish
      }
    }
    return false;
  }
}
