package dev.overdrive.runtime.cache;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * README: "Invalidation that races a load wins: a load that began before an invalidation does not
 * store its value." The load begins in the state's constructor (the leader's miss), so it began
 * before the invalidation in every interleaving; then the leader completes while another thread
 * invalidates the key. Whichever goes first, the cache must end up without the value:
 * stored-then-invalidated, or invalidated-then-not-stored.
 *
 * <p>r1: 1 when the value is in the cache after both finished.
 */
@JCStressTest
@Description(
    "CacheSite: invalidate racing a load that began before it: the load's value is not kept")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "the invalidation won: the value is not cached")
@Outcome(
    id = "1",
    expect = FORBIDDEN,
    desc = "the load's value was stored after the invalidation returned: a stale entry")
@State
public class InvalidateRacesLoadTest {

  private final CacheSite site = Advised.newSite();
  private final Object key = new Object();
  private final Object flight = site.miss(key, null, Advised.newOwner());

  @Actor
  public void load() {
    site.complete(flight, "stale", null);
  }

  @Actor
  public void invalidate() {
    site.invalidate(key);
  }

  @Arbiter
  public void cached(I_Result r) {
    r.r1 = site.get(key) == null ? 0 : 1;
  }
}
