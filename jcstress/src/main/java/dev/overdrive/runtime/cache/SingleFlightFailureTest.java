package dev.overdrive.runtime.cache;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Single-flight with a failing body: the caller that waited for the leader must get the very
 * exception object the leader's body threw (not a copy, not a wrapper, not null). A failure is
 * never cached, so a caller that misses after the failed leader has left leads a load of its own
 * and gets its own exception.
 *
 * <p>r1, r2: what each caller got: 1 its own body's exception (it led), 2 the other caller's
 * exception object, 3 some other throwable, 4 a value; r3: how many times the body ran.
 */
@JCStressTest
@Description("CacheSite.miss/complete: a failing leader: the waiter gets the same exception object")
@Outcome(
    id = {"1, 2, 1", "2, 1, 1"},
    expect = ACCEPTABLE,
    desc = "one caller led and failed, the other got that very exception object")
@Outcome(
    id = "1, 1, 2",
    expect = ACCEPTABLE,
    desc =
        "the leader failed and left before the other missed; failures are not cached, so it led too")
@Outcome(expect = FORBIDDEN, desc = "a waiter got a different throwable, or a value")
@State
public class SingleFlightFailureTest {

  private final CacheSite site = Advised.newSite();
  private final Class<?> owner = Advised.newOwner();
  private final Object key = new Object();
  private final AtomicInteger runs = new AtomicInteger();
  private volatile Throwable thrownBy1;
  private volatile Throwable thrownBy2;

  @Actor
  public void caller1(III_Result r) {
    try {
      Advised.call(
          site,
          owner,
          key,
          () -> {
            runs.incrementAndGet();
            RuntimeException e = new IllegalStateException("body of caller 1");
            thrownBy1 = e;
            throw e;
          });
      r.r1 = 4;
    } catch (Throwable t) {
      r.r1 = t == thrownBy1 ? 1 : t == thrownBy2 ? 2 : 3;
    }
  }

  @Actor
  public void caller2(III_Result r) {
    try {
      Advised.call(
          site,
          owner,
          key,
          () -> {
            runs.incrementAndGet();
            RuntimeException e = new IllegalStateException("body of caller 2");
            thrownBy2 = e;
            throw e;
          });
      r.r2 = 4;
    } catch (Throwable t) {
      r.r2 = t == thrownBy2 ? 1 : t == thrownBy1 ? 2 : 3;
    }
  }

  @Arbiter
  public void bodies(III_Result r) {
    r.r3 = runs.get();
  }
}
