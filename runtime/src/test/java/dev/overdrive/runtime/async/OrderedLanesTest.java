package dev.overdrive.runtime.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.exec.ExecutorRegistry;
import dev.overdrive.runtime.exec.NamedExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrderedLanesTest {

  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(20);
  private final List<ExecutorService> pools = new ArrayList<>();

  @AfterEach
  void stopPools() {
    pools.forEach(ExecutorService::shutdownNow);
  }

  /** Overdrive's executor's shape: bounded queue, the caller runs what does not fit. */
  private ThreadPoolExecutor pool(int threads, int queue) {
    ThreadPoolExecutor p =
        new ThreadPoolExecutor(
            threads,
            threads,
            1,
            TimeUnit.SECONDS,
            queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue),
            (task, executor) -> task.run());
    pools.add(p);
    return p;
  }

  /**
   * Checks, per key, that tasks run one at a time and, per (submitter, key), in submission order.
   */
  private static final class OrderCheck {
    final int keys;
    final int submitters;
    final AtomicIntegerArray running;
    final AtomicIntegerArray lastSeq;
    final AtomicInteger violations = new AtomicInteger();
    final AtomicLong ran = new AtomicLong();

    OrderCheck(int keys, int submitters) {
      this.keys = keys;
      this.submitters = submitters;
      this.running = new AtomicIntegerArray(keys);
      this.lastSeq = new AtomicIntegerArray(keys * submitters);
    }

    Runnable task(int key, int submitter, int seq) {
      return () -> {
        if (!running.compareAndSet(key, 0, 1)) {
          violations.incrementAndGet(); // two tasks of one key at once
        }
        if (lastSeq.getAndSet(key * submitters + submitter, seq) != seq - 1) {
          violations.incrementAndGet(); // out of order
        }
        Thread.onSpinWait();
        running.set(key, 0);
        ran.incrementAndGet();
      };
    }

    /** {@code submitters} threads each submit {@code perKey} tasks for every key, interleaved. */
    void submitAll(OrderedLanes lanes, int perKey) throws InterruptedException {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int s = 0; s < submitters; s++) {
        int submitter = s;
        Thread t =
            new Thread(
                () -> {
                  try {
                    start.await();
                  } catch (InterruptedException e) {
                    return;
                  }
                  for (int seq = 1; seq <= perKey; seq++) {
                    for (int k = 0; k < keys; k++) {
                      lanes.execute("key-" + k, task(k, submitter, seq));
                    }
                  }
                });
        t.start();
        threads.add(t);
      }
      start.countDown();
      for (Thread t : threads) {
        t.join(TimeUnit.NANOSECONDS.toMillis(TIMEOUT));
      }
      assertTrue(lanes.awaitIdle(TIMEOUT), "lanes drained");
      assertEquals(0, violations.get(), "order or exclusion violations");
      assertEquals((long) keys * submitters * perKey, ran.get(), "every task ran once");
    }
  }

  @Test
  void equalKeysRunOneAtATimeInSubmissionOrder() throws InterruptedException {
    // 16 lanes for 64 keys: lanes are shared, as they will be in production.
    OrderedLanes lanes = new OrderedLanes("T#m", pool(4, 10_000), 16, 8);
    new OrderCheck(64, 6).submitAll(lanes, 500);
  }

  @Test
  void callerRunsWhenTheExecutorIsFullKeepsOrder() throws InterruptedException {
    // One thread, no queue: most schedules are run by the submitter itself.
    ThreadPoolExecutor p = pool(1, 0);
    AtomicInteger inCaller = new AtomicInteger();
    Executor counting =
        task ->
            p.execute(
                () -> {
                  if (!Thread.currentThread().getName().startsWith("pool")) {
                    inCaller.incrementAndGet();
                  }
                  task.run();
                });
    OrderedLanes lanes = new OrderedLanes("T#m", counting, 8, 4);
    new OrderCheck(16, 6).submitAll(lanes, 300);
    assertTrue(inCaller.get() > 0, "the executor made callers run lanes");
  }

  @Test
  void overdrivesOwnExecutorRunningInTheCallerKeepsOrder() throws InterruptedException {
    System.setProperty("overdrive.executor.lanes-test.threads", "1");
    System.setProperty("overdrive.executor.lanes-test.queue", "0");
    NamedExecutor named = ExecutorRegistry.named("lanes-test");
    long before = named.callerRuns();
    OrderedLanes lanes = new OrderedLanes("T#m", named::execute, 4, 2);
    new OrderCheck(8, 4).submitAll(lanes, 300);
    assertTrue(named.callerRuns() > before, "callers ran lanes");
  }

  @Test
  void anExecutorThatRejectsMakesTheCallerDrain() throws InterruptedException {
    Executor rejecting =
        task -> {
          throw new RejectedExecutionException("full");
        };
    OrderedLanes lanes = new OrderedLanes("T#m", rejecting, 4, 2);
    new OrderCheck(8, 4).submitAll(lanes, 200);
  }

  @Test
  void differentKeysRunConcurrentlyAndASlowKeyBlocksOnlyItsLane() throws InterruptedException {
    OrderedLanes lanes = new OrderedLanes("T#m", pool(2, 100), 64, 8);
    String slow = "slow";
    String other = otherLaneThan(lanes, slow);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherRan = new CountDownLatch(3);
    lanes.execute(slow, () -> await(release));
    for (int i = 0; i < 3; i++) {
      lanes.execute(other, otherRan::countDown);
    }
    assertTrue(otherRan.await(10, TimeUnit.SECONDS), "another key ran while the slow one blocks");
    long deadline = System.nanoTime() + TIMEOUT;
    while (lanes.pending() != 1 && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // the other lane's last decrement follows its task
    }
    assertEquals(1, lanes.pending(), "only the slow task is pending");
    release.countDown();
    assertTrue(lanes.awaitIdle(TIMEOUT));
  }

  @Test
  void busyLanesTakeTurns() throws InterruptedException {
    ThreadPoolExecutor p = pool(1, 1000);
    CountDownLatch gate = new CountDownLatch(1);
    p.execute(() -> await(gate)); // hold the only thread while both lanes fill
    OrderedLanes lanes = new OrderedLanes("T#m", p, 64, 4);
    String a = "a";
    String b = otherLaneThan(lanes, a);
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 100; i++) {
      lanes.execute(a, () -> order.add("a"));
    }
    lanes.execute(b, () -> order.add("b"));
    gate.countDown();
    assertTrue(lanes.awaitIdle(TIMEOUT));
    assertEquals(101, order.size());
    assertEquals(4, order.indexOf("b"), "b ran after a's first burst of 4, not after all 100");
  }

  @Test
  void aTaskThatThrowsDoesNotStopItsLane() throws InterruptedException {
    OrderedLanes lanes = new OrderedLanes("T#m", pool(2, 100), 8, 4);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 10; i++) {
      int n = i;
      lanes.execute(
          "k",
          () -> {
            ran.add(n);
            if (n % 3 == 0) {
              throw new IllegalStateException("task " + n + " fails on purpose");
            }
          });
    }
    assertTrue(lanes.awaitIdle(TIMEOUT));
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), ran);
  }

  @Test
  void everythingSubmittedRunsThroughTheExecutorsShutdown() throws InterruptedException {
    ThreadPoolExecutor p = pool(2, 10_000);
    OrderedLanes lanes = new OrderedLanes("T#m", p, 8, 2);
    OrderCheck check = new OrderCheck(8, 1);
    for (int seq = 1; seq <= 1000; seq++) {
      for (int k = 0; k < 8; k++) {
        lanes.execute("key-" + k, check.task(k, 0, seq));
      }
    }
    p.shutdown(); // re-submitted lanes now run in the re-submitting thread
    assertTrue(p.awaitTermination(20, TimeUnit.SECONDS));
    assertTrue(lanes.awaitIdle(TIMEOUT));
    assertEquals(8000, check.ran.get());
    assertEquals(0, check.violations.get());
  }

  @Test
  void nearKeysSpreadOverTheLanes() {
    OrderedLanes lanes = new OrderedLanes("T#m", Runnable::run, 250, 1);
    assertEquals(256, lanes.laneCount(), "rounded up to a power of two");
    int shift = 32 - 8;
    Set<Integer> used = new HashSet<>();
    for (int key = 0; key < 256; key++) {
      used.add(OrderedLanes.index(Integer.hashCode(key), shift));
    }
    assertTrue(used.size() > 150, "256 consecutive ints use " + used.size() + " of 256 lanes");
    assertEquals(0, OrderedLanes.index(12345, 32), "one lane: always lane 0");
  }

  private static String otherLaneThan(OrderedLanes lanes, String key) {
    int shift = 32 - Integer.numberOfTrailingZeros(lanes.laneCount());
    int lane = OrderedLanes.index(key.hashCode(), shift);
    for (int i = 0; ; i++) {
      String candidate = "other-" + i;
      if (OrderedLanes.index(candidate.hashCode(), shift) != lane) {
        assertNotEquals(key, candidate);
        return candidate;
      }
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
