package dev.overdrive.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queue's contract on one thread and under concurrent producers; jcstress tests the races. */
class MpscLinkedQueueTest {

  @Test
  void pollsInOfferOrderAndNullWhenEmpty() {
    MpscLinkedQueue<String> q = new MpscLinkedQueue<>();
    assertNull(q.poll());
    q.offer("a");
    q.offer("b");
    assertEquals("a", q.poll());
    q.offer("c");
    assertEquals("b", q.poll());
    assertEquals("c", q.poll());
    assertNull(q.poll());
    assertNull(q.relaxedPoll());
  }

  @Test
  void relaxedPollTakesWhatIsLinked() {
    MpscLinkedQueue<Integer> q = new MpscLinkedQueue<>();
    q.offer(1);
    q.offer(2);
    assertEquals(1, q.relaxedPoll());
    assertEquals(2, q.poll());
    assertNull(q.relaxedPoll());
  }

  @Test
  void twoProducersLoseNothingAndKeepEachOnesOrder() throws InterruptedException {
    int perProducer = 200_000;
    MpscLinkedQueue<Long> q = new MpscLinkedQueue<>();
    CountDownLatch start = new CountDownLatch(1);
    Thread[] producers = new Thread[2];
    for (int p = 0; p < producers.length; p++) {
      long tag = (long) p << 32;
      producers[p] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (long i = 0; i < perProducer; i++) {
                  q.offer(tag | i);
                }
              });
      producers[p].start();
    }
    start.countDown();
    long[] next = new long[producers.length];
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (int taken = 0; taken < perProducer * producers.length; ) {
      Long v = q.poll();
      if (v == null) {
        assertTrue(System.nanoTime() < deadline, "only " + taken + " elements in 30 s");
        Thread.yield();
        continue;
      }
      int producer = (int) (v >>> 32);
      assertEquals(next[producer]++, v & 0xffff_ffffL, "producer " + producer + "'s order");
      taken++;
    }
    for (Thread t : producers) {
      t.join(10_000);
    }
    assertNull(q.poll());
  }
}
