package dev.overdrive.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * Two threads register the same method at once (two class loads, or a load and a retransformation
 * racing): one site, one id, the factory run once, and that site found by {@code get} afterwards.
 *
 * <p>r1, r2: the ids the two got; r3: factory runs; r4: 1 when {@code get(id)} returns the site
 * built for it.
 */
@JCStressTest
@Description(
    "SiteTable.register of one identity from two threads: one site, one id, one factory run")
@Outcome(id = "0, 0, 1, 1", expect = ACCEPTABLE, desc = "one site, same id for both")
@Outcome(
    expect = FORBIDDEN,
    desc = "two sites or ids for one method, or the site not found by its id")
@State
public class SiteTableRegisterRaceTest {

  private static final String IDENTITY = "dev.overdrive.jcstress.Owner#find()V";

  private final SiteTable<Sites.Site> table = new SiteTable<>();
  private final AtomicInteger built = new AtomicInteger();

  @Actor
  public void load1(IIII_Result r) {
    r.r1 = register();
  }

  @Actor
  public void load2(IIII_Result r) {
    r.r2 = register();
  }

  @Arbiter
  public void check(IIII_Result r) {
    r.r3 = built.get();
    Sites.Site site = table.get(r.r1);
    r.r4 = site == null ? 0 : site.check(r.r1, "find") == 1 ? 1 : 0;
  }

  private int register() {
    return table.register(
        Sites.LOADER,
        IDENTITY,
        id -> {
          built.incrementAndGet();
          return new Sites.Site(id, "find");
        },
        new java.util.ArrayList<>());
  }
}
