package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remote caches that run local-only ({@code RemoteCacheIT}): without {@code overdrive.redis.uri},
 * or with a key type that has no stable encoding. Run with {@code -Xlog:class+load}: the Redis
 * client must not load.
 */
public final class RemoteLocalOnlyScenario {

  static final AtomicInteger REMOTE_BODIES = new AtomicInteger();
  static final AtomicInteger PLAIN_BODIES = new AtomicInteger();
  static final AtomicInteger USER_KEY_BODIES = new AtomicInteger();

  /** A key type without a stable encoding across JVMs. */
  static final class Sku {
    final String code;

    Sku(String code) {
      this.code = code;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Sku && ((Sku) o).code.equals(code);
    }

    @Override
    public int hashCode() {
      return code.hashCode();
    }
  }

  @Cached(remote = true, ttl = "1m", localTtl = "10s")
  static String shared(String key) {
    REMOTE_BODIES.incrementAndGet();
    return "r-" + key;
  }

  @Cached(ttl = "1m")
  static String plain(String key) {
    PLAIN_BODIES.incrementAndGet();
    return "p-" + key;
  }

  @Cached(remote = true)
  static String bySku(Sku sku) {
    USER_KEY_BODIES.incrementAndGet();
    return "s-" + sku.code;
  }

  public static void main(String[] args) {
    Checks.check(
        "a remote cache without Redis caches locally",
        () -> {
          Checks.equal("r-a", shared("a"), "first");
          Checks.equal("r-a", shared("a"), "second");
          Checks.equal(1, REMOTE_BODIES.get(), "bodies");
        });
    Checks.check(
        "a remote cache with a user key type caches locally",
        () -> {
          Checks.equal("s-a", bySku(new Sku("a")), "first");
          Checks.equal("s-a", bySku(new Sku("a")), "second");
          Checks.equal(1, USER_KEY_BODIES.get(), "bodies");
        });
    Checks.check(
        "a plain cache caches",
        () -> {
          Checks.equal("p-a", plain("a"), "first");
          Checks.equal("p-a", plain("a"), "second");
          Checks.equal(1, PLAIN_BODIES.get(), "bodies");
        });
    Checks.done();
  }
}
