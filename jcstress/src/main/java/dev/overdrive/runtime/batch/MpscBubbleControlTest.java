package dev.overdrive.runtime.batch;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Control for {@link MpscBubbleTest}: the same actors on the same {@link MpscLinkedQueue}, but B
 * takes with {@link MpscLinkedQueue#relaxedPoll}, which does not wait out the bubble. Here "0, 2"
 * is the bubble made visible; it is marked interesting rather than forbidden, since a relaxed poll
 * may answer null there. Seeing it shows the harness does reach the window {@code poll} spins
 * through, so that test's passing means something; and since both polls share their taking step, an
 * element lost or duplicated is forbidden here too.
 */
@JCStressTest
@Description(
    "Control: MpscLinkedQueue.relaxedPoll (no bubble wait) on the same actors as MpscBubbleTest")
@Outcome(
    id = {"1, 1", "2, 1"},
    expect = ACCEPTABLE,
    desc = "B's poll got an element, the other one was left")
@Outcome(
    id = "0, 2",
    expect = ACCEPTABLE_INTERESTING,
    desc = "the bubble: B's offer had returned, relaxedPoll answered null (poll waits here)")
@Outcome(expect = FORBIDDEN, desc = "an element lost or duplicated")
@State
public class MpscBubbleControlTest {

  private final MpscLinkedQueue<Integer> queue = new MpscLinkedQueue<>();

  @Actor
  public void producerA() {
    queue.offer(1);
  }

  @Actor
  public void producerB(II_Result r) {
    queue.offer(2);
    Integer v = queue.relaxedPoll();
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
