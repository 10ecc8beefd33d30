package dev.overdrive.runtime;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Per-method state publication: the agent registers a site while transforming a class, and another
 * thread runs the transformed method, with the site's id as a constant, and calls {@code get(id)}.
 * Here one thread registers and publishes the id (as defining the class does); the other, once it
 * sees the id, must get the whole site: never null, never with a field missing. The table's first
 * array is full, so this registration grows it (copy, then republish): a site registered before
 * must stay visible through the growth too.
 *
 * <p>r1: -1 when the reader did not see the id yet, 1 the whole site, 0 null, 2 half-built; r2: the
 * same check for the site registered before (id 63), read while the table grows.
 */
@JCStressTest
@Description(
    "SiteTable.register on one thread (growing the table), get(id) on another: never null or half-built")
@Outcome(
    id = {"-1, 1", "1, 1"},
    expect = ACCEPTABLE,
    desc = "id not seen yet, or seen and the site whole")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "the id was seen but get(id) returned null")
@Outcome(id = "2, .*", expect = FORBIDDEN, desc = "the site was seen half-built")
@Outcome(expect = FORBIDDEN, desc = "an older site was lost while the table grew")
@State
public class SiteTablePublicationTest {

  private final SiteTable<Sites.Site> table = Sites.tableWithFree(0);

  /** The channel the id travels by; defining a class gives the same happens-before. */
  private volatile int published = -1;

  @Actor
  public void transform() {
    published =
        table.register(
            Sites.LOADER,
            "dev.overdrive.jcstress.Owner#find()V",
            id -> new Sites.Site(id, "find"),
            new java.util.ArrayList<>());
  }

  @Actor
  public void call(II_Result r) {
    int id = published;
    if (id < 0) {
      r.r1 = -1;
    } else {
      Sites.Site site = table.get(id);
      r.r1 = site == null ? 0 : site.check(id, "find");
    }
    Sites.Site older = table.get(63);
    r.r2 = older == null ? 0 : older.check(63, "filler");
  }
}
