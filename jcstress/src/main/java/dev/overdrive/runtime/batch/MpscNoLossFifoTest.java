package dev.overdrive.runtime.batch;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The batch intake with two producers and the consumer at work at once. One actor offers three
 * elements; the other offers, polls twice, offers again and polls once more, as a submitting thread
 * that becomes the batch's drainer does (it both offers and polls). The arbiter then takes over the
 * consumer role and drains the rest.
 *
 * <p>Every element must come out exactly once, each producer's in the order it offered them; and a
 * poll made right after this thread's own offer returned (so the queue cannot be empty) must not
 * answer null: that is the bubble case, when the other producer has swapped its node in ahead of
 * ours but not linked it yet.
 *
 * <p>jcstress on 2 CPUs does not run tests of 3 actors, hence two producers of which one also
 * consumes (the runtime's own pattern).
 *
 * <p>r1: elements the consumer's three polls got (2 or 3: shows the interleavings covered); r2: 0
 * when all is well, else 1 lost, 2 duplicated or unknown, 3 a producer's order broken, 4 poll
 * answered null although the queue held an element.
 */
@JCStressTest
@Description(
    "MpscLinkedQueue: 2 producers (one also consuming): no loss, no duplicate, FIFO per producer, null only when empty")
@Outcome(
    id = {"2, 0", "3, 0"},
    expect = ACCEPTABLE,
    desc = "all five elements came out once, in order per producer (r1 = taken by the consumer)")
@Outcome(id = ".*, 1", expect = FORBIDDEN, desc = "an element was lost")
@Outcome(
    id = ".*, 2",
    expect = FORBIDDEN,
    desc = "an element came out twice, or a value never offered")
@Outcome(id = ".*, 3", expect = FORBIDDEN, desc = "a producer's elements came out of order")
@Outcome(
    id = ".*, 4",
    expect = FORBIDDEN,
    desc = "poll answered null while the queue held an element (bubble)")
@Outcome(expect = FORBIDDEN, desc = "anything else")
@State
public class MpscNoLossFifoTest {

  private final MpscLinkedQueue<Integer> queue = new MpscLinkedQueue<>();

  /** Written by the consumer, then by the arbiter (which runs after every actor). */
  private final int[] out = new int[8];

  private int taken;
  private boolean nullWhileNonEmpty;

  @Actor
  public void producer() {
    queue.offer(11);
    queue.offer(12);
    queue.offer(13);
  }

  @Actor
  public void producerAndConsumer(II_Result r) {
    queue.offer(21);
    take(true); // our own 21 (or an earlier element) is in the queue: must not be null
    take(false); // may be empty now
    queue.offer(22);
    take(true); // 22 is in the queue
    r.r1 = taken;
  }

  private void take(boolean mustHaveOne) {
    Integer v = queue.poll();
    if (v != null) {
      out[taken++] = v;
    } else if (mustHaveOne) {
      nullWhileNonEmpty = true;
    }
  }

  @Arbiter
  public void drain(II_Result r) {
    Integer v;
    while (taken < out.length && (v = queue.poll()) != null) {
      out[taken++] = v;
    }
    r.r2 = verdict();
  }

  private int verdict() {
    if (nullWhileNonEmpty) {
      return 4;
    }
    int[] at = {-1, -1, -1, -1, -1};
    int[] values = {11, 12, 13, 21, 22};
    for (int i = 0; i < taken; i++) {
      int slot = -1;
      for (int j = 0; j < values.length; j++) {
        if (values[j] == out[i]) {
          slot = j;
        }
      }
      if (slot < 0 || at[slot] >= 0) {
        return 2;
      }
      at[slot] = i;
    }
    for (int position : at) {
      if (position < 0) {
        return 1;
      }
    }
    return at[0] < at[1] && at[1] < at[2] && at[3] < at[4] ? 0 : 3;
  }
}
