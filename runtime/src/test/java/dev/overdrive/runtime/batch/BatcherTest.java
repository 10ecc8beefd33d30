package dev.overdrive.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.MethodRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a batch closes: full, everyone here, a quiet gap while the asker waits, the {@code maxDelay}
 * deadline while it runs, and a stale timer that must not cut the next batch short. Each test
 * drives a fresh {@link Batcher} (what a new instance gets) on a site wired once, as the jcstress
 * tests do, and reads the times its bulk calls were made at.
 *
 * <p>The timing assertions are one-sided where the rule is exact (a batch is never sent before its
 * quiet gap or deadline, both measured on {@link System#nanoTime} as the batcher does) and generous
 * where they bound scheduling (a timer firing late on a loaded machine).
 */
class BatcherTest {

  /** One bulk call: its keys, and when it started. */
  record Call(List<Object> keys, long atNanos) {}

  static final ConcurrentLinkedQueue<Call> CALLS = new ConcurrentLinkedQueue<>();

  /** Opened by the test; the bulk call for key {@code "gate"} waits for it (bounded). */
  static volatile CountDownLatch gate = new CountDownLatch(0);

  static volatile CountDownLatch gateEntered = new CountDownLatch(0);

  /** The bulk method: each key's value is {@code "v:" + key}. */
  static Map<Object, Object> findAll(Collection<Object> keys) throws InterruptedException {
    CALLS.add(new Call(new ArrayList<>(keys), System.nanoTime()));
    if (keys.contains("gate")) {
      gateEntered.countDown();
      gate.await(10, TimeUnit.SECONDS);
    }
    Map<Object, Object> values = new HashMap<>();
    for (Object k : keys) {
      values.put(k, "v:" + k);
    }
    return values;
  }

  /** A blocking static site answered by {@link #findAll}, wired by one lone blocking call. */
  static BatchSite wiredSite(int maxSize, Duration maxDelay) throws Exception {
    String owner = BatcherTest.class.getName();
    MethodRef method =
        new MethodRef(owner, "find", "(Ljava/lang/Object;)Ljava/lang/Object;", true, 1);
    MethodRef via =
        new MethodRef(owner, "findAll", "(Ljava/util/Collection;)Ljava/util/Map;", true, 1);
    BatchSite site =
        new BatchSite(
            new BatchSpec(
                method,
                via,
                BatchSpec.Keys.LIST,
                BatchSpec.Values.MAP,
                maxSize,
                maxDelay.toNanos(),
                false,
                false),
            BatcherTest.class.getClassLoader());
    Object first =
        CompletableFuture.supplyAsync(() -> site.submit(BatcherTest.class, null, "wire"))
            .get(10, TimeUnit.SECONDS);
    assertEquals("v:wire", first);
    CALLS.clear();
    return site;
  }

  @BeforeEach
  void reset() {
    CALLS.clear();
  }

  private static Object value(Pending p) throws Exception {
    return p.future.get(10, TimeUnit.SECONDS);
  }

  private static List<List<Object>> keysOfCalls() {
    List<List<Object>> keys = new ArrayList<>();
    for (Call c : CALLS) {
      keys.add(c.keys());
    }
    return keys;
  }

  /**
   * A fresh batcher that has sent a first timed batch (which waits the whole {@code maxDelay}), so
   * that its adaptive window starts at its shortest, the quiet gap.
   */
  private static Batcher warmedUp(Duration maxDelay) throws Exception {
    Batcher b = new Batcher(wiredSite(100, maxDelay), null);
    assertEquals("v:warm", value(b.submit("warm", false)));
    Thread.sleep(20); // its drainer is done: it forgets the asker only when nothing is queued
    CALLS.clear();
    return b;
  }

  /** Asserts that both keys were answered by one bulk call, and returns when it was made. */
  private static long answeredTogether(Pending k1, Pending k2) throws Exception {
    assertEquals("v:" + k1.key, value(k1));
    assertEquals("v:" + k2.key, value(k2));
    assertEquals(List.of(List.of(k1.key, k2.key)), keysOfCalls());
    return CALLS.peek().atNanos();
  }

  /** Spins (RUNNABLE, never waiting) until {@code p} is answered, at most 10 s. */
  private static void spinUntilDone(Pending p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!p.future.isDone() && System.nanoTime() - deadline < 0) {
      Thread.onSpinWait();
    }
  }

  private static void spinFor(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (System.nanoTime() - end < 0) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aFullBatchGoesAtOnceAndTheNextKeyWaitsForItsOwn() throws Exception {
    Batcher b = new Batcher(wiredSite(3, Duration.ofSeconds(30)), null);
    Pending k1 = b.submit("a", false);
    Pending k2 = b.submit("b", false);
    Pending k3 = b.submit("c", false);
    // A 30 s window: only "full" can have sent it within the 10 s these waits allow.
    assertEquals("v:a", value(k1));
    assertEquals("v:b", value(k2));
    assertEquals("v:c", value(k3));
    assertEquals(List.of(List.of("a", "b", "c")), keysOfCalls());

    Pending late = b.submit("d", false);
    Thread.sleep(100);
    assertFalse(late.future.isDone(), "a lone future is not full, nor is everyone here");
    b.flush();
    assertEquals("v:d", value(late));
    assertEquals(List.of(List.of("d")), keysOfCalls().subList(1, 2));
  }

  @Test
  void moreKeysThanMaxSizeGoInSeveralCalls() throws Exception {
    Batcher b = new Batcher(wiredSite(3, Duration.ofSeconds(30)), null);
    List<Pending> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(b.submit(i, false));
    }
    b.flush();
    for (int i = 0; i < 7; i++) {
      assertEquals("v:" + i, value(all.get(i)));
    }
    // as sets: the three calls run side by side on the batch executor
    assertEquals(
        Set.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6)), new HashSet<>(keysOfCalls()));
    assertEquals(3, CALLS.size());
  }

  @Test
  void aLoneBlockingCallerDoesNotWaitForTheWindow() throws Exception {
    Batcher b = new Batcher(wiredSite(100, Duration.ofSeconds(30)), null);
    // A 30 s window: only "everyone here" can answer within the 10 s the wait allows.
    assertEquals("v:x", value(b.submit("x", true)));
    assertEquals(List.of(List.of("x")), keysOfCalls());
  }

  @Test
  void aQueuedFutureKeepsEveryoneHereFromClosingTheBatch() throws Exception {
    Batcher b = new Batcher(wiredSite(100, Duration.ofMillis(300)), null);
    Pending future = b.submit("f", false);
    Pending blocking = b.submit("x", true);
    Thread.sleep(100); // a quiet gap is 30 ms, the first window the whole 300 ms
    assertFalse(blocking.future.isDone(), "with a future queued, a blocked caller is not alone");
    assertEquals("v:x", value(blocking));
    assertEquals("v:f", value(future));
    assertEquals(List.of(List.of("f", "x")), keysOfCalls());
  }

  @Test
  void theLastBlockedCallerBackSendsTheNextBatchWithoutTheTimer() throws Exception {
    // A 20 s window (2 s quiet gap): only "everyone here" can send b's key within this test.
    Batcher b = new Batcher(wiredSite(100, Duration.ofSeconds(20)), null);
    gate = new CountDownLatch(1);
    gateEntered = new CountDownLatch(1);
    try {
      CompletableFuture<Object> a =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Object first = value(b.submit("gate", true)); // alone: sent at once, then held
                  Object second = value(b.submit("a2", true)); // back: now everyone is here
                  return first + "," + second;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      assertTrue(gateEntered.await(10, TimeUnit.SECONDS));
      long bAsked = System.nanoTime();
      CompletableFuture<Object> other =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  Object v =
                      value(b.submit("b1", true)); // a is in its bulk call: b1 must wait for it
                  return v;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(100);
      assertFalse(other.isDone(), "a caller still in its bulk call is still to come");
      gate.countDown();
      assertEquals("v:gate,v:a2", a.get(10, TimeUnit.SECONDS));
      assertEquals("v:b1", other.get(10, TimeUnit.SECONDS));
      List<Call> calls = new ArrayList<>(CALLS);
      assertEquals(List.of(List.of("gate"), List.of("b1", "a2")), keysOfCalls());
      assertTrue(
          calls.get(1).atNanos() - bAsked < TimeUnit.SECONDS.toNanos(2),
          "sent by the returning caller, not after the 2 s quiet gap");
    } finally {
      gate.countDown();
    }
  }

  @Test
  void aWaitingAskerGetsItsBatchAfterTheQuietGapNotTheDeadline() throws Exception {
    Duration maxDelay = Duration.ofMillis(1000); // quiet gap 100 ms
    Batcher b = warmedUp(maxDelay);
    long first = System.nanoTime();
    Pending k1 = b.submit("k1", false);
    Thread.sleep(40); // the asker sleeps: not running, but its last key is only 40 ms old
    long last = System.nanoTime();
    Pending k2 = b.submit("k2", false);
    long sent = answeredTogether(k1, k2);
    assertTrue(
        sent - last >= TimeUnit.MILLISECONDS.toNanos(100),
        "sent " + (sent - last) / 1_000_000 + " ms after the last key, before the quiet gap");
    assertTrue(
        sent - first < maxDelay.toNanos(),
        "the quiet gap alone should send it, not the deadline: "
            + (sent - first) / 1_000_000
            + " ms");
  }

  @Test
  void aRunningAskerKeepsTheBatchOpenButNeverPastMaxDelay() throws Exception {
    Duration maxDelay = Duration.ofMillis(800); // quiet gap 80 ms
    Batcher b = warmedUp(maxDelay);
    long first = System.nanoTime();
    Pending k1 = b.submit("k1", false);
    spinFor(Duration.ofMillis(300)); // still running: several quiet gaps, one batch
    Pending k2 = b.submit("k2", false);
    spinUntilDone(k2); // never waits, so only the deadline can send it
    long sent = answeredTogether(k1, k2) - first;
    assertTrue(
        sent >= maxDelay.toNanos(),
        "sent after " + sent / 1_000_000 + " ms, before maxDelay, while its asker was running");
    assertTrue(
        sent < maxDelay.toNanos() + TimeUnit.SECONDS.toNanos(3),
        "sent after " + sent / 1_000_000 + " ms, long past maxDelay");
  }

  @Test
  void aTimerArmedForABatchThatLeftEarlyDoesNotCutTheNextOneShort() throws Exception {
    Duration maxDelay = Duration.ofMillis(600); // quiet gap 60 ms; a fresh batcher's window: 600
    Batcher b = new Batcher(wiredSite(2, maxDelay), null);
    Pending k1 = b.submit("k1", false); // arms a timer for 600 ms from now
    Pending k2 = b.submit("k2", false); // full: that batch leaves at once
    assertEquals("v:k1", value(k1));
    assertEquals("v:k2", value(k2));
    Thread.sleep(300);
    long asked = System.nanoTime();
    Pending k3 = b.submit("k3", false); // the stale timer fires 300 ms into k3's window
    assertEquals("v:k3", value(k3));
    assertEquals(List.of(List.of("k1", "k2"), List.of("k3")), keysOfCalls());
    long sent = new ArrayList<>(CALLS).get(1).atNanos();
    assertTrue(
        sent - asked >= maxDelay.toNanos(),
        "k3 was sent "
            + (sent - asked) / 1_000_000
            + " ms after it was asked for, by the timer of the batch before it");
  }
}
