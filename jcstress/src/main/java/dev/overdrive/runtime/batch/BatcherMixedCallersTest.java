package dev.overdrive.runtime.batch;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A blocking caller and a future-returning caller of one batcher. A pending future disables the
 * "everyone is here" dispatch ({@code pendingFutures} must be counted up and down exactly), so
 * these keys go when the window's timer fires: this covers the timer path, {@code timerArmed}, and
 * a timer that finds a drainer already at work.
 *
 * <p>r1: the blocking caller's value (1); r2: the future's value (2, taken by the arbiter); r3:
 * keys the bulk method received; r4: bulk calls.
 */
@JCStressTest
@Description("Batcher: a blocking and a future caller; both answered, each key sent exactly once")
@Outcome(id = "1, 2, 2, 1", expect = ACCEPTABLE, desc = "both keys in one bulk call")
@Outcome(id = "1, 2, 2, 2", expect = ACCEPTABLE, desc = "one bulk call each")
@Outcome(
    id = "-1, .*|.*, -1, .*",
    expect = FORBIDDEN,
    desc = "a caller got no answer within 10 s: a key stayed queued (lost increment or wake-up)")
@Outcome(expect = FORBIDDEN, desc = "a wrong value, or a key sent twice or not at all")
@State
public class BatcherMixedCallersTest extends Backend.Counts {

  private static final BatchSite SITE = Backend.wiredSite(100, 1_000_000);

  private final Batcher batcher = new Batcher(SITE, null);
  private CompletableFuture<Object> future;

  @Actor
  public void blocking(IIII_Result r) {
    r.r1 = Backend.blockingCall(batcher, this, 1);
  }

  @Actor
  public void async() {
    future = batcher.submit(new Backend.Key(this, 2), false).future;
  }

  @Arbiter
  public void sent(IIII_Result r) {
    r.r2 = Backend.valueOf(future);
    r.r3 = delivered.get();
    r.r4 = calls.get();
  }
}
