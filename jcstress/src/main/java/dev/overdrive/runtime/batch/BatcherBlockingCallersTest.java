package dev.overdrive.runtime.batch;

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
 * Two blocking callers of one batcher, as two threads calling a {@code @Batched} method of one
 * instance. Exercises the batcher's accounting: the {@code blocked} and {@code pending} counters
 * decide "everyone is here" and how many keys the drainer polls, the {@code draining} CAS elects
 * one drainer, and a drainer re-checks {@code pending} before it leaves. A lost increment or a lost
 * wake-up leaves a key in the queue: its caller would get nothing (-1 after 10 s), or the bulk
 * method would see a key twice.
 *
 * <p>r1, r2: the values the two callers got (their own keys, 1 and 2); r3: keys the bulk method
 * received; r4: bulk calls.
 */
@JCStressTest
@Description(
    "Batcher: two blocking callers; each gets its own value, each key is sent exactly once")
@Outcome(id = "1, 2, 2, 1", expect = ACCEPTABLE, desc = "both keys in one bulk call")
@Outcome(id = "1, 2, 2, 2", expect = ACCEPTABLE, desc = "one bulk call each")
@Outcome(
    id = "-1, .*|.*, -1, .*",
    expect = FORBIDDEN,
    desc = "a caller got no answer within 10 s: a key stayed queued (lost increment or wake-up)")
@Outcome(expect = FORBIDDEN, desc = "a wrong value, or a key sent twice or not at all")
@State
public class BatcherBlockingCallersTest extends Backend.Counts {

  private static final BatchSite SITE = Backend.wiredSite(100, 1_000_000);

  private final Batcher batcher = new Batcher(SITE, null);

  @Actor
  public void caller1(IIII_Result r) {
    r.r1 = Backend.blockingCall(batcher, this, 1);
  }

  @Actor
  public void caller2(IIII_Result r) {
    r.r2 = Backend.blockingCall(batcher, this, 2);
  }

  @Arbiter
  public void sent(IIII_Result r) {
    r.r3 = delivered.get();
    r.r4 = calls.get();
  }
}
