package dev.overdrive.runtime.batch;

import dev.overdrive.runtime.MethodRef;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bulk method the batcher tests' sites call, and those sites. One site per test class, wired
 * once (executor, invoker) as a first call does; every jcstress state gets a fresh {@link Batcher}
 * on it, which is what a new instance of a class with a {@code @Batched} method gets.
 *
 * <p>A separate class from the tests on purpose: bulk calls run on the batch executor, and if they
 * had to initialize a test class whose static initializer is waiting for them, they would deadlock.
 */
public final class Backend {

  /** What one jcstress state counts: keys the bulk method received, and bulk calls. */
  public static class Counts {
    final AtomicInteger delivered = new AtomicInteger();
    final AtomicInteger calls = new AtomicInteger();
  }

  /** A caller's key: compared by identity, answered with {@code who}. */
  static final class Key {
    final Counts owner;
    final int who;

    Key(Counts owner, int who) {
      this.owner = owner;
      this.who = who;
    }
  }

  private Backend() {}

  /** The bulk method: each key's value is its {@code who}; counts keys and calls per state. */
  public static Map<Object, Object> findAll(Collection<Object> keys) {
    Map<Object, Object> values = new HashMap<>();
    Counts owner = null;
    for (Object k : keys) {
      Key key = (Key) k;
      if (key.owner != null) {
        if (owner == null) {
          owner = key.owner;
          owner.calls.incrementAndGet();
        }
        key.owner.delivered.incrementAndGet();
      }
      values.put(key, key.who);
    }
    return values;
  }

  /** A static {@code @Batched} site answered by {@link #findAll}, already wired. */
  static BatchSite wiredSite(int maxSize, long maxDelayNanos) {
    String owner = Backend.class.getName();
    MethodRef method =
        new MethodRef(owner, "find", "(Ljava/lang/Object;)Ljava/lang/Object;", true, 1);
    MethodRef via =
        new MethodRef(owner, "findAll", "(Ljava/util/Collection;)Ljava/util/Map;", true, 1);
    BatchSpec spec =
        new BatchSpec(
            method,
            via,
            BatchSpec.Keys.LIST,
            BatchSpec.Values.MAP,
            maxSize,
            maxDelayNanos,
            true,
            false);
    BatchSite site = new BatchSite(spec, Backend.class.getClassLoader());
    // The first call wires the site, as the advice's first call does; wait for its answer.
    CompletableFuture<?> first =
        (CompletableFuture<?>) site.submit(Backend.class, null, new Key(null, 0));
    try {
      first.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the batch site does not answer", e);
    }
    return site;
  }

  /**
   * One caller: queues {@code who}'s key on {@code batcher} and waits for its value (as a blocking
   * {@code @Batched} call does), or up to 10 s. The value, or -1 if none came.
   */
  static int blockingCall(Batcher batcher, Counts counts, int who) {
    Pending p = batcher.submit(new Key(counts, who), true);
    return valueOf(p.future);
  }

  /** The value of a future-returning call's future, or -1 if none came within 10 s. */
  static int valueOf(CompletableFuture<Object> future) {
    try {
      return (Integer) future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return -1;
    }
  }
}
