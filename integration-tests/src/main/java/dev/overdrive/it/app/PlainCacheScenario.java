package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/** A program with a local {@code @Cached} method only ({@code RemoteCacheIT}: no Redis class). */
public final class PlainCacheScenario {

  static final AtomicInteger BODIES = new AtomicInteger();

  @Cached(ttl = "1m")
  static String plain(String key) {
    BODIES.incrementAndGet();
    return "p-" + key;
  }

  public static void main(String[] args) {
    Checks.check(
        "a plain cache caches",
        () -> {
          Checks.equal("p-a", plain("a"), "first");
          Checks.equal("p-a", plain("a"), "second");
          Checks.equal(1, BODIES.get(), "bodies");
        });
    Checks.done();
  }
}
