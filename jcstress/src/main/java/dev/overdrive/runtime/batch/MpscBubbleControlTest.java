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
 * Control for {@link MpscBubbleTest}: the same actors on {@link RelaxedMpscQueue}, whose poll
 * does not wait out the bubble. Here "0, 2" is the bubble made visible; it is marked
 * interesting rather than forbidden, since this queue is not the runtime's. Seeing it shows the
 * harness does reach the window {@code MpscLinkedQueue.poll} spins through, so that test's
 * passing means something.
 */
@JCStressTest
@Description("Control: a relaxed poll (no bubble wait) on the same actors as MpscBubbleTest")
@Outcome(id = {"1, 1", "2, 1"}, expect = ACCEPTABLE, desc = "B's poll got an element, the other one was left")
@Outcome(id = "0, 2", expect = ACCEPTABLE_INTERESTING,
    desc = "the bubble: B's offer had returned, the relaxed poll answered null (MpscLinkedQueue waits here)")
@Outcome(expect = FORBIDDEN, desc = "an element lost or duplicated")
@State
public class MpscBubbleControlTest {

  private final RelaxedMpscQueue<Integer> queue = new RelaxedMpscQueue<>();

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
