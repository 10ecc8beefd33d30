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
 * The "bubble", as small as it gets: producer A offers; producer B offers and then polls (B is the
 * consumer too, as a submitting thread that drains a batch is). B's own offer has returned, so the
 * queue is not empty when B polls. If A swapped its node in first but has not linked it yet, B's
 * node hangs behind an unlinked one and the consumer's next is still null: {@code poll} must wait
 * the link out and answer A's element, never null. The batcher polls exactly as many keys as were
 * counted after their offers returned; a null there would lose a key.
 *
 * <p>r1: what B's poll answered (0 for null); r2: how many elements the arbiter drained after.
 * {@link MpscBubbleControlTest} runs the same actors on a poll that does not wait.
 */
@JCStressTest
@Description("MpscLinkedQueue.poll returns null only when the queue is empty (the bubble case)")
@Outcome(
    id = {"1, 1", "2, 1"},
    expect = ACCEPTABLE,
    desc = "B's poll got an element, the other one was left")
@Outcome(
    id = "0, 2",
    expect = FORBIDDEN,
    desc = "B's offer had returned, yet poll answered null: the bubble leaked out")
@Outcome(expect = FORBIDDEN, desc = "an element lost or duplicated")
@State
public class MpscBubbleTest {

  private final MpscLinkedQueue<Integer> queue = new MpscLinkedQueue<>();

  @Actor
  public void producerA() {
    queue.offer(1);
  }

  @Actor
  public void producerB(II_Result r) {
    queue.offer(2);
    Integer v = queue.poll();
    r.r1 = v == null ? 0 : v;
  }

  @Arbiter
  public void rest(II_Result r) {
    int rest = 0;
    while (rest < 3 && queue.poll() != null) {
      rest++;
    }
    r.r2 = rest;
  }
}
