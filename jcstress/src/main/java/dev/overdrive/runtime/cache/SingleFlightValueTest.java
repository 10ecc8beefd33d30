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
 * Single-flight: two callers of a {@code @Cached} method miss the same key at once. Exactly one
 * runs the body (it returns its caller's number); the other gets that very value, from the flight
 * it waited for or from the cache if it came after. The flight's value field is plain, published by
 * its latch: a waiter seeing null or its own number would show a broken hand-off.
 *
 * <p>r1, r2: the values the callers got; r3: how many times the body ran.
 */
@JCStressTest
@Description("CacheSite.miss/complete: two callers miss one key: one body run, both get its value")
@Outcome(
    id = {"1, 1, 1", "2, 2, 1"},
    expect = ACCEPTABLE,
    desc = "one caller led, the other got the leader's value")
@Outcome(
    id = {"1, 2, 2"},
    expect = FORBIDDEN,
    desc = "both ran the body: the key was loaded twice")
@Outcome(expect = FORBIDDEN, desc = "a caller got no value or a wrong one")
@State
public class SingleFlightValueTest {

  private final CacheSite site = Advised.newSite();
  private final Class<?> owner = Advised.newOwner();
  private final Object key = new Object();
  private final AtomicInteger runs = new AtomicInteger();

  @Actor
  public void caller1(III_Result r) {
    r.r1 = call(1);
  }

  @Actor
  public void caller2(III_Result r) {
    r.r2 = call(2);
  }

  @Arbiter
  public void bodies(III_Result r) {
    r.r3 = runs.get();
  }

  private int call(int me) {
    try {
      Object v =
          Advised.call(
              site,
              owner,
              key,
              () -> {
                runs.incrementAndGet();
                return me;
              });
      return v == null ? 0 : (Integer) v;
    } catch (Throwable t) {
      return -1;
    }
  }
}
