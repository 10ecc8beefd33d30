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
 * Two blocking callers of a batcher with {@code maxSize = 1}: every key fills a batch, so both
 * callers try to dispatch and one of them usually finds the other draining. The drainer must take
 * the late key too (its loop re-reads {@code pending}), or leave it to a timer.
 *
 * <p>r1, r2: the values the two callers got (1 and 2); r3: keys the bulk method received; r4: bulk
 * calls (always 2: one key each).
 */
@JCStressTest
@Description(
    "Batcher with maxSize 1: two blocking callers; two bulk calls of one key, nothing lost")
@Outcome(
    id = "1, 2, 2, 2",
    expect = ACCEPTABLE,
    desc = "one bulk call per key, each caller its value")
@Outcome(
    id = "-1, .*|.*, -1, .*",
    expect = FORBIDDEN,
    desc = "a caller got no answer within 10 s: a key stayed queued (lost increment or wake-up)")
@Outcome(
    expect = FORBIDDEN,
    desc = "a wrong value, a batch over maxSize, or a key sent twice or not at all")
@State
public class BatcherSplitTest extends Backend.Counts {

  private static final BatchSite SITE = Backend.wiredSite(1, 1_000_000);

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
