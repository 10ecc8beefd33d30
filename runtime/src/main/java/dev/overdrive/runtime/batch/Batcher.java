package dev.overdrive.runtime.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one instance (or of a static method): collects keys from many threads and sends
 * them to the bulk method in batches.
 *
 * <p>Design. Callers never lock: a key goes into a wait-free {@link MpscLinkedQueue} and a few
 * atomic counters are updated. A batch is dispatched when
 *
 * <ol>
 *   <li>it is full ({@code maxSize} keys), or
 *   <li>everyone is here: every blocked caller of this batcher has its key queued and no
 *       future-returning caller is queued, so nobody else can join soon. This is what spares a lone
 *       caller the window: at concurrency 1 its key goes at once. Under load, the callers of a
 *       finished batch come back together and the last one to arrive sends the next batch without
 *       waiting for the timer, or
 *   <li>the window since the batch's first key has passed and nobody is still asking. The window
 *       adapts: it is four times the spread between the first and last keys of the last timed batch
 *       (a burst of futures from one thread spans microseconds), never more than {@code maxDelay}
 *       and never less than the quiet gap, {@code maxDelay / 10}. Still asking means: the last key
 *       came less than a quiet gap ago, or the thread that asked for it is still running (or
 *       blocked on a monitor) rather than waiting, typically for the futures it just got. Then the
 *       batch stays open, never past {@code maxDelay} from its first key: a burst of futures from
 *       one thread can be slowed down (cache hits between its misses, code not yet compiled, the
 *       thread descheduled), and a window of time alone splits it. The cost: a thread that asks and
 *       goes on running without waiting (an event loop) sees its keys wait the whole {@code
 *       maxDelay}.
 * </ol>
 *
 * Dispatching drains the queue (one drainer at a time, elected by a CAS) into bulk calls of at most
 * {@code maxSize} distinct keys, each run on the bounded batch executor, so a bulk call that hangs
 * holds one thread and not the others' batches.
 */
final class Batcher {

  private final BatchSite site;
  private final Object self;
  private final MpscLinkedQueue<Pending> queue = new MpscLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicInteger pendingFutures = new AtomicInteger();

  /** Blocking callers whose key is queued or in a bulk call. */
  private final AtomicInteger blocked = new AtomicInteger();

  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean timerArmed = new AtomicBoolean();

  /**
   * Batches sent so far. A timer is armed for the batch being collected; if that batch leaves
   * sooner (full, or everyone here), the timer must not cut short the next one, so it checks this
   * count and re-arms for the next batch's own window instead.
   */
  private volatile long batchesSent;

  /** The shortest window, and the silence after which a batch still being joined is sent. */
  private final long quietNanos;

  private volatile long windowNanos;
  private volatile long firstKeyNanos;

  /** Who asked for the last key: written just before {@link #lastKeyNanos}, which publishes it. */
  private Thread lastKeyThread;

  private volatile long lastKeyNanos;

  Batcher(BatchSite site, Object self) {
    this.site = site;
    this.self = self;
    this.windowNanos = site.spec.maxDelayNanos();
    this.quietNanos = Math.max(1, site.spec.maxDelayNanos() / 10);
  }

  Object self() {
    return self;
  }

  /** Queues {@code key}; the pending call completes when its batch is answered. */
  Pending submit(Object key, boolean blocking) {
    Pending p = new Pending(key, blocking);
    if (blocking) {
      blocked.incrementAndGet();
    } else {
      pendingFutures.incrementAndGet();
    }
    long now = System.nanoTime();
    lastKeyThread = Thread.currentThread();
    lastKeyNanos = now;
    queue.offer(p);
    int queued = pending.incrementAndGet();
    if (queued == 1) {
      firstKeyNanos = now;
    }
    if (queued >= site.spec.maxSize() || (pendingFutures.get() == 0 && queued >= blocked.get())) {
      dispatch(false);
    } else {
      armTimer();
    }
    return p;
  }

  /** Called by a completed blocking call's owner, before its future completes. */
  void released() {
    blocked.decrementAndGet();
  }

  private void armTimer() {
    if (timerArmed.compareAndSet(false, true)) {
      schedule(batchesSent, firstKeyNanos + windowNanos - System.nanoTime());
    }
  }

  private void schedule(long armedFor, long delayNanos) {
    BatchTimer.schedule(() -> onTimer(armedFor), Math.max(0, delayNanos));
  }

  private void onTimer(long armedFor) {
    if (batchesSent != armedFor) {
      // The batch this timer was for has gone; the keys queued now have their own window.
      timerArmed.set(false);
      if (pending.get() > 0) {
        armTimer();
      }
      return;
    }
    long last = lastKeyNanos;
    Thread asker = lastKeyThread;
    long first = firstKeyNanos;
    long now = System.nanoTime();
    long deadline = first + site.spec.maxDelayNanos();
    if (now - deadline < 0) {
      // Still being asked for: look again later (the timer stays armed, for this batch).
      if (now - last < quietNanos) {
        schedule(armedFor, Math.min(last + quietNanos, deadline) - now);
        return;
      }
      if (asker != null && isRunning(asker)) {
        schedule(armedFor, Math.min(now + quietNanos / 2, deadline) - now);
        return;
      }
    }
    timerArmed.set(false);
    windowNanos = Math.max(quietNanos, Math.min(site.spec.maxDelayNanos(), 4 * (last - first)));
    dispatch(true);
  }

  /** Running, or blocked on a monitor for a moment; not waiting for the futures it got. */
  private static boolean isRunning(Thread t) {
    Thread.State state = t.getState();
    return state == Thread.State.RUNNABLE || state == Thread.State.BLOCKED;
  }

  /** Sends everything queued now. */
  void flush() {
    dispatch(true);
  }

  private void dispatch(boolean everything) {
    if (!draining.compareAndSet(false, true)) {
      return; // the current drainer re-checks the queue before it leaves
    }
    try {
      int n;
      while ((n = pending.get()) > 0) {
        int take = Math.min(n, site.spec.maxSize());
        List<Pending> batch = new ArrayList<>(take);
        for (int i = 0; i < take; i++) {
          Pending p = queue.poll();
          batch.add(p);
          if (!p.blocking) {
            pendingFutures.decrementAndGet();
          }
        }
        pending.addAndGet(-take);
        firstKeyNanos = System.nanoTime();
        batchesSent++; // only the drainer writes it
        site.send(this, batch);
        if (!everything && take < site.spec.maxSize() && pending.get() > 0) {
          break; // latecomers start their own window
        }
      }
    } finally {
      draining.set(false);
    }
    if (pending.get() > 0) {
      armTimer();
    } else {
      // An idle batcher keeps no thread (nor its context class loader) reachable. Racing with a
      // new key may drop its asker: that batch then closes on the quiet gap alone.
      lastKeyThread = null;
    }
  }
}
