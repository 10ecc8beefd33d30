package dev.overdrive.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A named executor's threads, its caller-runs rule, its idle and saturated snapshots, and its drain
 * at shutdown. Each test has its own executor (none is registered), and every task that blocks
 * waits on a latch the test opens, at most 10 s.
 */
class NamedExecutorTest {

  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void releaseTasks() {
    release.countDown();
  }

  /** Gives {@code e} a task that holds its thread until the test ends, once it has started. */
  private void occupy(NamedExecutor e) throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    e.execute(blocker(started));
    assertTrue(started.await(10, TimeUnit.SECONDS));
  }

  private Runnable blocker(CountDownLatch started) {
    return () -> {
      started.countDown();
      await(release);
    };
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(2);
    }
    return true;
  }

  @Test
  void threadsAreDaemonsNamedAfterTheExecutor() throws Exception {
    NamedExecutor e = new NamedExecutor("unit-names", new ExecutorConfig(2, 10, false));
    Set<String> names = ConcurrentHashMap.newKeySet();
    AtomicBoolean allDaemons = new AtomicBoolean(true);
    CountDownLatch started = new CountDownLatch(2);
    for (int i = 0; i < 2; i++) {
      e.execute(
          () -> {
            names.add(Thread.currentThread().getName());
            allDaemons.compareAndSet(true, Thread.currentThread().isDaemon());
            started.countDown();
            await(release);
          });
    }
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertEquals(Set.of("overdrive-unit-names-1", "overdrive-unit-names-2"), names);
    assertTrue(allDaemons.get(), "a pool thread never keeps the JVM alive");
  }

  @Test
  void aFullQueueRunsTheTaskInTheCallerAndCountsIt() throws Exception {
    NamedExecutor e = new NamedExecutor("unit-full", new ExecutorConfig(1, 1, false));
    occupy(e);
    AtomicBoolean queuedRan = new AtomicBoolean();
    e.execute(() -> queuedRan.set(true)); // takes the one queue slot
    assertEquals(1, e.queued());
    assertEquals(0, e.callerRuns());
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    e.execute(() -> ranOn.set(Thread.currentThread()));
    assertSame(Thread.currentThread(), ranOn.get(), "run here, at once, not rejected");
    assertEquals(1, e.callerRuns());
    release.countDown();
    assertTrue(eventually(queuedRan::get), "the queued task still runs on the pool");
    assertEquals(1, e.callerRuns());
  }

  @Test
  void aZeroQueueHandsOffOrRunsInTheCaller() throws Exception {
    NamedExecutor e = new NamedExecutor("unit-handoff", new ExecutorConfig(1, 0, false));
    occupy(e);
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    e.execute(() -> ranOn.set(Thread.currentThread()));
    assertSame(Thread.currentThread(), ranOn.get());
    assertEquals(1, e.callerRuns());
    assertEquals(0, e.queued());
  }

  @Test
  void idleAndSaturatedAreSnapshotsOfWhatRuns() throws Exception {
    NamedExecutor e = new NamedExecutor("unit-idle", new ExecutorConfig(2, 10, false));
    assertTrue(e.isIdle());
    assertFalse(e.saturated());
    occupy(e);
    assertFalse(e.isIdle(), "a task is running");
    assertFalse(e.saturated(), "one of two threads is free");
    occupy(e);
    assertTrue(e.saturated());
    e.execute(() -> {});
    assertEquals(1, e.queued());
    release.countDown();
    assertTrue(eventually(e::isIdle), "idle once everything ran");
    assertFalse(e.saturated());
    assertEquals(0, e.queued());
  }

  @Test
  void shutdownRunsWhatIsQueuedAndLaterTasksInTheirCaller() throws Exception {
    NamedExecutor e = new NamedExecutor("unit-drain", new ExecutorConfig(1, 10, false));
    occupy(e);
    CountDownLatch queued = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      e.execute(queued::countDown);
    }
    e.shutdown();
    AtomicReference<Thread> lateOn = new AtomicReference<>();
    e.execute(() -> lateOn.set(Thread.currentThread()));
    assertSame(Thread.currentThread(), lateOn.get(), "after shutdown: run here, not dropped");
    assertEquals(1, e.callerRuns());
    release.countDown();
    e.awaitDrained(System.nanoTime() + TimeUnit.SECONDS.toNanos(10), "test=10s");
    assertEquals(0, queued.getCount(), "every queued task ran before the drain returned");
    assertTrue(e.isIdle());
  }

  @Test
  void aDrainPastItsDeadlineAbandonsWhatIsLeftAndReturns() throws Exception {
    NamedExecutor e = new NamedExecutor("unit-late", new ExecutorConfig(1, 10, false));
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    e.execute(
        () -> {
          started.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException stopped) {
            interrupted.set(true);
          }
        });
    assertTrue(started.await(10, TimeUnit.SECONDS));
    AtomicBoolean neverRun = new AtomicBoolean();
    e.execute(() -> neverRun.set(true));
    e.shutdown();
    long start = System.nanoTime();
    e.awaitDrained(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100), "test=100ms");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(tookMillis < 5_000, "the drain took " + tookMillis + " ms");
    assertTrue(eventually(interrupted::get), "the running task is interrupted");
    Thread.sleep(50);
    assertFalse(neverRun.get(), "the queued task is abandoned");
  }
}
