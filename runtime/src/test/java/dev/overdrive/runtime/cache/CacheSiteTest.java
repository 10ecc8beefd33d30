package dev.overdrive.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.MethodRef;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The protocol the advice drives: get, miss, complete; checked without an agent. */
class CacheSiteTest {

  private static final MethodRef METHOD =
      new MethodRef("a.B", "m", "(Ljava/lang/String;)Ljava/lang/String;", true, 1);
  private static final java.util.concurrent.atomic.AtomicInteger NAMES =
      new java.util.concurrent.atomic.AtomicInteger();

  /** A fresh site; its own name keeps its meters apart from the other tests'. */
  private static CacheSite site(boolean cacheNulls) {
    CacheSpec spec =
        new CacheSpec(
            METHOD,
            "b" + NAMES.incrementAndGet(),
            null,
            0,
            100,
            null,
            cacheNulls,
            new int[] {0},
            new String[] {"java.lang.String"});
    return new CacheSite(0, spec, CacheSiteTest.class.getClassLoader());
  }

  @Test
  void missThenLeadThenHit() {
    CacheSite site = site(true);
    assertNull(site.get("k"));
    Object flight = site.miss("k", null, CacheSiteTest.class);
    assertTrue(CacheSite.isFlight(flight));
    site.complete(flight, "v", null);
    assertEquals("v", site.get("k"));
  }

  @Test
  void nullStoredAsSentinelOnlyWhenCachingNulls() {
    CacheSite caching = site(true);
    caching.complete(caching.miss("k", null, CacheSiteTest.class), null, null);
    assertSame(CacheSite.NULL, caching.get("k"));
    CacheSite notCaching = site(false);
    notCaching.complete(notCaching.miss("k", null, CacheSiteTest.class), null, null);
    assertNull(notCaching.get("k"));
  }

  @Test
  void concurrentMissWaitsForTheLeaderAndSharesItsValue() throws Exception {
    CacheSite site = site(true);
    Object lead = site.miss("k", null, CacheSiteTest.class);
    CompletableFuture<Object> waiter =
        CompletableFuture.supplyAsync(() -> site.miss("k", null, CacheSiteTest.class));
    assertThrows(TimeoutException.class, () -> waiter.get(100, TimeUnit.MILLISECONDS));
    Object value = new Object();
    site.complete(lead, value, null);
    assertSame(value, waiter.get(5, TimeUnit.SECONDS));
  }

  @Test
  void concurrentMissGetsTheLeadersExceptionWhichIsNotStored() throws Exception {
    CacheSite site = site(true);
    Object lead = site.miss("k", null, CacheSiteTest.class);
    CompletableFuture<Object> waiter =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return site.miss("k", null, CacheSiteTest.class);
              } catch (IllegalStateException e) {
                return e;
              }
            });
    Thread.sleep(50);
    IllegalStateException failure = new IllegalStateException("down");
    site.complete(lead, null, failure);
    assertSame(failure, waiter.get(5, TimeUnit.SECONDS));
    assertNull(site.get("k"));
    assertTrue(
        CacheSite.isFlight(site.miss("k", null, CacheSiteTest.class)),
        "the next caller leads a new load");
  }

  @Test
  void invalidationDuringALoadDiscardsItsValue() {
    CacheSite site = site(true);
    Object lead = site.miss("k", null, CacheSiteTest.class);
    site.invalidate("k");
    site.complete(lead, "stale", null);
    assertNull(site.get("k"));
  }

  @Test
  void theLeaderAskingForItsOwnKeyDoesNotWait() {
    CacheSite site = site(true);
    Object lead = site.miss("k", null, CacheSiteTest.class);
    Object nested = site.miss("k", null, CacheSiteTest.class);
    assertTrue(CacheSite.isFlight(nested));
    site.complete(nested, "inner", null); // a bypass: stores nothing
    assertNull(site.get("k"));
    site.complete(lead, "outer", null);
    assertEquals("outer", site.get("k"));
  }

  @Test
  void aCachedFutureThatFailsIsForgotten() {
    CacheSite site = site(true);
    CompletableFuture<String> ok = new CompletableFuture<>();
    CompletableFuture<String> bad = new CompletableFuture<>();
    site.complete(site.miss("ok", null, CacheSiteTest.class), ok, null);
    site.complete(site.miss("bad", null, CacheSiteTest.class), bad, null);
    ok.complete("v");
    bad.completeExceptionally(new IllegalStateException());
    assertSame(ok, site.get("ok"));
    assertNull(site.get("bad"));
  }

  @Test
  void invalidateAll() {
    CacheSite site = site(true);
    site.complete(site.miss("a", null, CacheSiteTest.class), "1", null);
    site.complete(site.miss("b", null, CacheSiteTest.class), "2", null);
    site.invalidateAll();
    assertNull(site.get("a"));
    assertNull(site.get("b"));
    assertFalse(site.estimatedSize() > 0);
  }

  @Test
  void expiresAfterTtl() throws InterruptedException {
    CacheSpec spec =
        new CacheSpec(
            METHOD,
            "ttl",
            Duration.ofMillis(50),
            0.5,
            100,
            null,
            true,
            new int[] {0},
            new String[] {"java.lang.String"});
    CacheSite site = new CacheSite(0, spec, getClass().getClassLoader());
    site.complete(site.miss("k", null, CacheSiteTest.class), "v", null);
    assertEquals("v", site.get("k"));
    Thread.sleep(120); // beyond ttl * (1 + jitter)
    assertNull(site.get("k"));
  }
}
