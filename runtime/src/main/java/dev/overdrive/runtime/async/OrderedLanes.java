package dev.overdrive.runtime.async;

import dev.overdrive.runtime.Log;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * An executor for {@code @Async(orderBy = i)}: tasks with equal keys run one at a time in the order
 * they were submitted; tasks with other keys run concurrently on the underlying executor.
 *
 * <p>Design. A fixed power-of-two array of lanes, a key's lane chosen by a Fibonacci hash of its
 * {@code hashCode} (Kafka's partitions, Redis cluster's slots). A lane is a lock-free queue and a
 * count of its tasks not yet finished; a lane object is created, by one CAS, the first time a key
 * maps to it, and costs nothing after its last task (no thread, no map entry per key: an idle key
 * costs nothing, a million keys cost the same array). Unequal keys that share a lane are serialized
 * with each other; we accept that, as Kafka does, rather than a per-key queue made on demand and
 * removed when it drains: that needs a map whose insert locks a bin (or a retry protocol against a
 * concurrent removal) on every submit and allocates per key, whereas with {@code L} lanes a slow
 * key delays only the keys of its own lane (about {@code 1/L} of them), never the other lanes.
 * {@code L} is a few hundred per ordered method by default.
 *
 * <p>Hand-off. {@code submit} offers the task, then increments the count; the submitter that takes
 * it from 0 to 1 owns the lane and schedules its drain on the executor. The drain runs a task, then
 * decrements; the decrement that reaches 0 gives the lane up, and the next submit schedules it
 * again. So exactly one drain runs per lane at any time, and no task is left behind (a task offered
 * before the increment that the drain's decrement saw). Nothing on this path takes a lock.
 *
 * <p>Fairness. A drain runs at most {@code burst} tasks, then re-submits itself to the executor and
 * returns, so busy lanes take turns on the executor's threads with each other and with other work.
 *
 * <p>Caller-runs. An executor that runs a task in the submitting thread (Overdrive's when its queue
 * is full, or one that throws {@code RejectedExecutionException}, which we treat the same) runs the
 * <em>lane's drain</em> there, never a task by itself: a caller runs lane tasks only when it owns
 * the lane, so order holds. The rule: the submitter that makes a lane busy and cannot hand it to
 * the executor drains it itself, offering it back to the executor after every {@code burst} tasks,
 * until the lane is empty or a thread takes it (back-pressure, as for plain {@code @Async}). A
 * re-submission the executor runs inline is noticed (a thread-local mark) and continues the same
 * drain in a loop instead of recursing. A submitter whose key's lane is already running only
 * enqueues, whatever the executor's state.
 *
 * <p>Shutdown. The executor's own drain runs the lanes it holds; a lane re-submitted after its
 * shutdown runs in the re-submitting thread (the executor's caller-runs), so every task submitted
 * runs. {@link #awaitIdle} waits for that.
 *
 * <p>A task that throws is logged and the lane goes on with the next one.
 */
public final class OrderedLanes {

  /** Lanes per ordered method unless configured. */
  public static final int DEFAULT_LANES = 256;

  /** Tasks a lane runs before it yields its thread. */
  public static final int DEFAULT_BURST = 64;

  /** Set while a drain re-submits its lane, so an inline run of it is recognised. */
  private static final ThreadLocal<Object> RESUBMITTING = new ThreadLocal<>();

  private static final Object RAN_INLINE = new Object();

  private final String owner;
  private final Executor executor;
  private final AtomicReferenceArray<Lane> lanes;
  private final int shift;
  private final int burst;

  /**
   * @param owner what log lines name ({@code Class#method})
   * @param lanes rounded up to a power of two
   * @param burst tasks a lane runs before it re-submits itself, at least 1
   */
  public OrderedLanes(String owner, Executor executor, int lanes, int burst) {
    if (lanes < 1 || lanes > 1 << 20 || burst < 1) {
      throw new IllegalArgumentException("lanes " + lanes + " burst " + burst);
    }
    int size = Integer.highestOneBit(lanes) == lanes ? lanes : Integer.highestOneBit(lanes) << 1;
    this.owner = owner;
    this.executor = executor;
    this.lanes = new AtomicReferenceArray<>(size);
    this.shift = 32 - Integer.numberOfTrailingZeros(size);
    this.burst = burst;
  }

  public OrderedLanes(String owner, Executor executor) {
    this(owner, executor, DEFAULT_LANES, DEFAULT_BURST);
  }

  /** Runs {@code task} after every task submitted earlier with an equal key (null is a key). */
  public void execute(Object key, Runnable task) {
    int i = index(key == null ? 0 : key.hashCode(), shift);
    Lane lane = lanes.get(i);
    if (lane == null) {
      lane = create(i);
    }
    lane.submit(task);
  }

  /** Fibonacci hashing: the top bits of {@code h * 2^32/phi}, so near hash codes spread. */
  static int index(int h, int shift) {
    return shift == 32 ? 0 : (h * 0x9E3779B9) >>> shift;
  }

  private Lane create(int i) {
    Lane fresh = new Lane();
    return lanes.compareAndSet(i, null, fresh) ? fresh : lanes.get(i);
  }

  public int laneCount() {
    return lanes.length();
  }

  /** Tasks submitted and not finished (a snapshot). */
  public long pending() {
    long n = 0;
    for (int i = 0; i < lanes.length(); i++) {
      Lane lane = lanes.get(i);
      if (lane != null) {
        n += lane.count.get();
      }
    }
    return n;
  }

  /** Waits up to {@code timeoutNanos} until no task is pending; {@code false} if some still is. */
  public boolean awaitIdle(long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (pending() != 0) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(500_000);
    }
    return true;
  }

  final class Lane implements Runnable {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();

    /** Tasks offered and not finished, the running one included; 0: nobody drains. */
    final AtomicInteger count = new AtomicInteger();

    void submit(Runnable task) {
      tasks.offer(task);
      if (count.getAndIncrement() == 0) {
        try {
          executor.execute(this);
        } catch (RuntimeException rejected) {
          drain(); // not run, not queued: the caller owns the lane, so it drains
        }
      }
    }

    @Override
    public void run() {
      if (RESUBMITTING.get() == this) {
        RESUBMITTING.set(RAN_INLINE); // our own re-submission, run inline: drain() goes on
        return;
      }
      drain();
    }

    private void drain() {
      for (; ; ) {
        for (int n = 0; n < burst; n++) {
          runOne(tasks.poll()); // not null: the count said it was offered
          if (count.decrementAndGet() == 0) {
            return;
          }
        }
        if (!yieldThread()) {
          return;
        }
      }
    }

    /** Hands the lane back to the executor; {@code true} if it ran it here, so we go on. */
    private boolean yieldThread() {
      Object outer = RESUBMITTING.get();
      RESUBMITTING.set(this);
      boolean inline;
      try {
        executor.execute(this);
        inline = RESUBMITTING.get() == RAN_INLINE;
      } catch (RuntimeException rejected) {
        inline = true;
      }
      RESUBMITTING.set(outer);
      return inline;
    }

    private void runOne(Runnable task) {
      try {
        task.run();
      } catch (Throwable t) {
        Log.failure(
            owner,
            "ordered task failed on thread "
                + Thread.currentThread().getName()
                + "; its key's next task runs",
            t);
      }
    }
  }
}
