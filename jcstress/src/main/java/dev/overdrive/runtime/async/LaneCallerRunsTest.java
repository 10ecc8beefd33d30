package dev.overdrive.runtime.async;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The executor is always full and runs every task in its caller (Overdrive's caller-runs): two
 * submitters race for one key, so one drains in its own thread while the other's submit lands
 * before or after that drain gives the lane up; with a burst of 1 each re-submission runs inline
 * too. The caller that finds the lane busy must only enqueue, never run a task itself.
 *
 * <p>r1: tasks run; r2: 1 if two ran at once; r3: 1 if the pair ran in order; r4: pending.
 */
@JCStressTest
@Description("OrderedLanes on a caller-runs executor: submitters race, one runner, nothing lost")
@Outcome(id = "3, 0, 1, 0", expect = ACCEPTABLE, desc = "all ran, one at a time, in order")
@Outcome(expect = FORBIDDEN, desc = "a task lost, two runners, or out of order")
@State
public class LaneCallerRunsTest {

  private final OrderedLanes lanes = new OrderedLanes("jcstress#lane", Runnable::run, 1, 1);
  private final LaneProbe probe = new LaneProbe();

  @Actor
  public void submitPair() {
    lanes.execute(LaneProbe.KEY, probe.firstOfPair());
    lanes.execute(LaneProbe.KEY, probe.secondOfPair());
  }

  @Actor
  public void submitOne() {
    lanes.execute(LaneProbe.KEY, probe.task());
  }

  @Arbiter
  public void check(IIII_Result r) {
    r.r1 = probe.ran();
    r.r2 = probe.overlaps();
    r.r3 = probe.pairInOrder();
    r.r4 = (int) lanes.pending();
  }
}
