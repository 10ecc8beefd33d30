package dev.overdrive.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two threads register two different methods when the table has one free slot: one takes the last
 * slot, the other grows the table. Both sites must get distinct ids and be found by them; the
 * growth must not drop the other's site.
 *
 * <p>r1, r2: the ids; r3: 1 when both {@code get(id)} return their own site, whole.
 */
@JCStressTest
@Description(
    "SiteTable.register of two methods across the growth boundary: distinct ids, both found")
@Outcome(
    id = {"63, 64, 1", "64, 63, 1"},
    expect = ACCEPTABLE,
    desc = "distinct ids, both sites found")
@Outcome(expect = FORBIDDEN, desc = "an id reused, or a site lost in the growth")
@State
public class SiteTableGrowthRaceTest {

  private final SiteTable<Sites.Site> table = Sites.tableWithFree(1);

  @Actor
  public void loadA(III_Result r) {
    r.r1 =
        table.register(
            Sites.LOADER,
            "dev.overdrive.jcstress.Owner#a()V",
            id -> new Sites.Site(id, "a"),
            new java.util.ArrayList<>());
  }

  @Actor
  public void loadB(III_Result r) {
    r.r2 =
        table.register(
            Sites.LOADER,
            "dev.overdrive.jcstress.Owner#b()V",
            id -> new Sites.Site(id, "b"),
            new java.util.ArrayList<>());
  }

  @Arbiter
  public void check(III_Result r) {
    Sites.Site a = table.get(r.r1);
    Sites.Site b = table.get(r.r2);
    r.r3 = a != null && b != null && a.check(r.r1, "a") == 1 && b.check(r.r2, "b") == 1 ? 1 : 0;
  }
}
