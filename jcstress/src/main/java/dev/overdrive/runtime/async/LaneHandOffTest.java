package dev.overdrive.runtime.async;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A submit racing an executor thread that is finishing the lane's drain. The lane starts busy (one
 * task submitted, its drain handed to the executor, here a queue); one actor plays the executor's
 * thread and runs that drain, the other submits two more tasks of the key. With a burst of 1 the
 * drain also re-submits itself after each task, so both hand-offs race the submits: giving the lane
 * up when its count reaches zero, and yielding it to the executor. The arbiter runs what is left
 * queued, as the executor would.
 *
 * <p>r1: tasks run; r2: 1 if two ran at once; r3: 1 if the pair ran in order; r4: tasks the lanes
 * still count as pending.
 */
@JCStressTest
@Description("OrderedLanes: submit vs. drain finishing on another thread: nothing lost, one runner")
@Outcome(id = "3, 0, 1, 0", expect = ACCEPTABLE, desc = "all ran, one at a time, in order")
@Outcome(expect = FORBIDDEN, desc = "a task lost or run twice, two runners, or out of order")
@State
public class LaneHandOffTest {

  private final ConcurrentLinkedQueue<Runnable> executorQueue = new ConcurrentLinkedQueue<>();
  private final OrderedLanes lanes = new OrderedLanes("jcstress#lane", executorQueue::offer, 1, 1);
  private final LaneProbe probe = new LaneProbe();

  public LaneHandOffTest() {
    lanes.execute(LaneProbe.KEY, probe.task()); // busy: its drain waits in the executor's queue
  }

  @Actor
  public void executorThread() {
    for (int i = 0; i < 3; i++) {
      Runnable drain = executorQueue.poll();
      if (drain != null) {
        drain.run();
      }
    }
  }

  @Actor
  public void submitPair() {
    lanes.execute(LaneProbe.KEY, probe.firstOfPair());
    lanes.execute(LaneProbe.KEY, probe.secondOfPair());
  }

  @Arbiter
  public void check(IIII_Result r) {
    for (Runnable drain; (drain = executorQueue.poll()) != null; ) {
      drain.run();
    }
    r.r1 = probe.ran();
    r.r2 = probe.overlaps();
    r.r3 = probe.pairInOrder();
    r.r4 = (int) lanes.pending();
  }
}
