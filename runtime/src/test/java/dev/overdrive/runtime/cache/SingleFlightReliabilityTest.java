package dev.overdrive.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.MethodRef;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Null keys, extreme ttls, waits that end (interrupts, cycles), failed reloads: no agent. */
class SingleFlightReliabilityTest {

  private static final MethodRef METHOD =
      new MethodRef("a.B", "m", "(Ljava/lang/String;)Ljava/lang/String;", true, 1);
  private static final AtomicInteger NAMES = new AtomicInteger();

  private static CacheSite site(Duration ttl, double jitter) {
    CacheSpec spec =
        new CacheSpec(
            METHOD,
            "r" + NAMES.incrementAndGet(),
            ttl,
            jitter,
            100,
            null,
            true,
            new int[] {0},
            new String[] {"java.lang.String"});
    return new CacheSite(0, spec, SingleFlightReliabilityTest.class.getClassLoader());
  }

  private static Object miss(CacheSite site, Object key) {
    return site.miss(key, null, SingleFlightReliabilityTest.class);
  }

  @Test
  void nullIsAKeyLikeAnyOther() {
    CacheSite site = site(null, 0);
    assertNull(site.get(null));
    site.complete(miss(site, null), "for null", null);
    assertEquals("for null", site.get(null));
    assertNull(site.get("null"), "not the string \"null\"");
    site.invalidate(null);
    assertNull(site.get(null));
    assertEquals(1, Keys.values(Keys.NULL_KEY).length);
    assertNull(Keys.values(Keys.NULL_KEY)[0], "a reload passes null back to the method");
  }

  @Test
  void ttlNearTheLongestNanosecondsWithJitterStillCaches() {
    for (Duration ttl : new Duration[] {Duration.ofDays(106_751), Duration.ofDays(1_000_000)}) {
      CacheSite site = site(ttl, 0.5);
      site.complete(miss(site, "k"), "v", null);
      assertEquals("v", site.get("k"), ttl.toString());
    }
    assertEquals(Long.MAX_VALUE, CacheSite.saturatedNanos(Duration.ofDays(1_000_000)));
  }

  @Test
  void anInterruptedWaiterStopsWaitingWithItsInterruptStatusSet() throws Exception {
    CacheSite site = site(null, 0);
    Object lead = miss(site, "k");
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                outcome.set(miss(site, "k"));
              } catch (CancellationException e) {
                outcome.set(Thread.currentThread().isInterrupted() ? e : "interrupt status lost");
              }
            });
    waiter.start();
    Thread.sleep(50);
    waiter.interrupt();
    waiter.join(2000);
    assertTrue(outcome.get() instanceof CancellationException, String.valueOf(outcome.get()));
    site.complete(lead, "v", null);
    assertEquals("v", site.get("k"), "the leader still stores its value");
  }

  @Test
  void aCycleOfWaitsAcrossThreadsAndCachesIsBroken() throws Exception {
    CacheSite ping = site(null, 0);
    CacheSite pong = site(null, 0);
    CountDownLatch bothLead = new CountDownLatch(2);
    // T1 leads ping(k) and asks for pong(k); T2 leads pong(k) and asks for ping(k).
    CompletableFuture<Object> one =
        CompletableFuture.supplyAsync(() -> leadThenAsk(ping, pong, bothLead), newThread());
    CompletableFuture<Object> two =
        CompletableFuture.supplyAsync(() -> leadThenAsk(pong, ping, bothLead), newThread());
    Object a = one.get(5, TimeUnit.SECONDS);
    Object b = two.get(5, TimeUnit.SECONDS);
    assertTrue(
        a == Flight.BYPASS || b == Flight.BYPASS,
        "at least one of them runs the body instead of waiting: " + a + ", " + b);
  }

  /** Leads {@code mine}, then asks {@code theirs} for the same key; completes its own load. */
  private static Object leadThenAsk(CacheSite mine, CacheSite theirs, CountDownLatch bothLead) {
    Object flight = miss(mine, "k");
    bothLead.countDown();
    try {
      bothLead.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    Object answer = miss(theirs, "k");
    mine.complete(flight, "v", null);
    return answer;
  }

  private static java.util.concurrent.Executor newThread() {
    return r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      t.start();
    };
  }

  @Test
  void aWaiterOfAThirdThreadStillWaitsForTheLeader() throws Exception {
    CacheSite site = site(null, 0);
    Object lead = miss(site, "k");
    CompletableFuture<Object> waiter =
        CompletableFuture.supplyAsync(() -> miss(site, "k"), newThread());
    Thread.sleep(50);
    site.complete(lead, "v", null);
    assertEquals("v", waiter.get(5, TimeUnit.SECONDS));
  }

  @Test
  void refreshFailuresAreCountedAndLoggedOncePerKeyAndKind() {
    CacheSpec spec =
        new CacheSpec(
            METHOD,
            "rates",
            null,
            0,
            100,
            Duration.ofSeconds(1),
            true,
            new int[] {0},
            new String[] {"java.lang.String"});
    RefreshFailures failures = new RefreshFailures(spec);
    String log =
        stderrOf(
            () -> {
              failures.record("eur", new IllegalStateException("eur is down"));
              failures.record("eur", new IllegalStateException("eur is down"));
              failures.record("usd", new IllegalStateException("usd is down"));
              failures.record(
                  "eur", new java.io.UncheckedIOException(new java.io.IOException("eur")));
            });
    assertEquals(4.0, failures.count());
    String[] lines = log.split("\n");
    assertEquals(3, lines.length, log);
    for (String line : lines) {
      assertTrue(
          line.startsWith("[overdrive] WARN a.B#m: @Cached refresh-ahead of cache \"rates\""),
          line);
      assertTrue(!line.contains("eur") && !line.contains("usd"), "no argument values: " + line);
    }
    assertTrue(lines[2].contains("java.io.UncheckedIOException"), lines[2]);
  }

  @Test
  void refreshFailureTrackingIsBounded() {
    CacheSpec spec =
        new CacheSpec(
            METHOD,
            "many",
            null,
            0,
            100,
            Duration.ofSeconds(1),
            true,
            new int[] {0},
            new String[] {"java.lang.String"});
    RefreshFailures failures = new RefreshFailures(spec);
    String log =
        stderrOf(
            () -> {
              for (int i = 0; i < 3 * RefreshFailures.MAX_TRACKED; i++) {
                failures.record(i, new IllegalStateException());
              }
            });
    assertEquals(3.0 * RefreshFailures.MAX_TRACKED, failures.count());
    assertEquals(RefreshFailures.MAX_TRACKED + 1, log.split("\n").length);
    assertTrue(log.contains("further failures are counted"), log);
  }

  private static String stderrOf(Runnable r) {
    PrintStream old = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      r.run();
    } finally {
      System.setErr(old);
    }
    return out.toString(StandardCharsets.UTF_8).trim();
  }
}
