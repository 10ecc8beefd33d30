package dev.overdrive.runtime.cache;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The ordering single-flight rests on: {@code complete} stores the value before it removes the
 * flight, and a new leader re-reads the cache after claiming the key. A load is under way when the
 * state is made; its leader completes while another caller arrives. Whatever the interleaving, the
 * newcomer must get the leader's value (from the flight, from the cache, or from its re-read),
 * never run the body a second time.
 *
 * <p>The load is begun on a thread of its own ({@link Advised#beginLoad}): a flight remembers its
 * leader thread, and a caller on that thread asking for the same key is taken for the body
 * recursing on its own key (it runs the body instead of waiting on itself). jcstress makes states
 * on its actor threads, so a load begun in the constructor would look like recursion to the
 * newcomer when they share a thread.
 *
 * <p>r1: the value the newcomer got (the leader stores 1, the newcomer's body would return 2); r2:
 * whether the newcomer ran its body.
 */
@JCStressTest
@Description(
    "CacheSite: a leader completing vs. a newcomer missing: the newcomer never loads again")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "the newcomer got the leader's value")
@Outcome(
    id = "2, 1",
    expect = FORBIDDEN,
    desc = "the newcomer found neither the flight nor the value: the key was loaded twice")
@Outcome(expect = FORBIDDEN, desc = "no value or a wrong one")
@State
public class CompleteVersusMissTest {

  private final CacheSite site = Advised.newSite();
  private final Class<?> owner = Advised.newOwner();
  private final Object key = new Object();
  private final Object leader = Advised.beginLoad(site, owner, key);

  @Actor
  public void leader() {
    site.complete(leader, 1, null);
  }

  @Actor
  public void newcomer(II_Result r) {
    int[] ran = {0};
    try {
      Object v =
          Advised.call(
              site,
              owner,
              key,
              () -> {
                ran[0] = 1;
                return 2;
              });
      r.r1 = v == null ? 0 : (Integer) v;
    } catch (Throwable t) {
      r.r1 = -1;
    }
    r.r2 = ran[0];
  }
}
