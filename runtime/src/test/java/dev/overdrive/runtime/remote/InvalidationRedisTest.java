package dev.overdrive.runtime.remote;

import static dev.overdrive.runtime.remote.RecordingListener.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Invalidations across JVMs (tiers), their latency, and the heartbeat, on a real Redis. */
class InvalidationRedisTest extends SharedRedis {

  private RemoteTier subscribed(String uri, RecordingListener l, long heartbeat, long silence)
      throws InterruptedException {
    RemoteTier t =
        started(
            RemoteConfig.parse(uri).prefix("inv").timeoutMillis(500).heartbeat(heartbeat, silence),
            l);
    assertTrue(within(5_000, t::subscribed), "subscribed");
    assertTrue(within(1_000, () -> l.missed.get() == 1), "the first subscription reports once");
    return t;
  }

  @Test
  void anInvalidationInOneJvmReachesTheOthersButNotItself() throws Exception {
    RecordingListener la = new RecordingListener();
    RecordingListener lb = new RecordingListener();
    RecordingListener lc = new RecordingListener();
    RemoteTier a = subscribed(redis.uri(), la, 1_000, 3_000);
    subscribed(redis.uri(), lb, 1_000, 3_000);
    subscribed(redis.uri(), lc, 1_000, 3_000);
    String key = KeyCodec.encode(new Object[] {"id|with|bars", 7});
    assertTrue(a.cache("orders:v2").invalidate(key));
    for (RecordingListener l : List.of(lb, lc)) {
      RecordingListener.Heard h = l.next(2_000);
      assertNotNull(h, "heard");
      assertEquals("orders:v2", h.cache());
      assertEquals(key, h.key());
      assertTrue(
          Arrays.deepEquals(
              new Object[] {"id|with|bars", 7},
              KeyCodec.decode(h.key(), getClass().getClassLoader())));
    }
    assertTrue(a.cache("orders:v2").invalidateAll());
    assertNull(lb.next(2_000).key(), "all keys");
    assertNull(lc.next(2_000).key());
    assertNull(la.next(100), "a JVM ignores its own echo");
    assertEquals(2, a.counters().invalidationsSent.sum());
    assertEquals(2, a.cache("orders:v2").counters().invalidationsSent.sum());
    assertEquals(0, la.missed.get() - 1, "nothing was missed");
  }

  @Test
  void propagationLatencyOnLoopback() throws Exception {
    RecordingListener lb = new RecordingListener();
    RemoteTier a = subscribed(redis.uri(), new RecordingListener(), 1_000, 3_000);
    RemoteTier b = subscribed(redis.uri(), lb, 1_000, 3_000);
    RemoteCache cache = a.cache("latency");
    RemoteCache bView = b.cache("latency");
    for (int i = 0; i < 50; i++) { // warm-up: JIT, connections
      cache.invalidate("i" + i);
      assertNotNull(lb.next(2_000));
    }
    int n = 200;
    long[] micros = new long[n];
    for (int i = 0; i < n; i++) {
      long sent = System.nanoTime();
      assertTrue(cache.invalidate("i" + i));
      RecordingListener.Heard h = lb.next(2_000);
      assertNotNull(h, "message " + i);
      micros[i] = TimeUnit.NANOSECONDS.toMicros(h.nanos() - sent);
    }
    Arrays.sort(micros);
    long p50 = micros[n / 2];
    long p99 = micros[(int) (n * 0.99) - 1];
    System.out.printf(
        "[overdrive] invalidation propagation over loopback, %d messages: "
            + "p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        n, p50 / 1e3, p99 / 1e3, micros[n - 1] / 1e3);
    assertTrue(p99 <= 25_000, "p99 " + p99 + " us (target 5 ms; bound loose for a shared machine)");
    assertEquals(n + 50, b.counters().invalidationsReceived.sum());
    assertEquals(n + 50, bView.counters().invalidationsReceived.sum(), "and per cache");
  }

  @Test
  void theHeartbeatNoticesASilentlyDroppedSubscriptionAndItComesBack() throws Exception {
    try (TcpProxy proxy = new TcpProxy(redis.port())) {
      RecordingListener lb = new RecordingListener();
      RemoteTier a = subscribed(redis.uri(), new RecordingListener(), 1_000, 3_000);
      RemoteTier b = subscribed(proxy.uri(), lb, 50, 250);
      Thread.sleep(400); // idle past the bound: pings keep a healthy subscription alive
      assertEquals(1, lb.missed.get(), "no false alarm while idle");
      long dropped = System.nanoTime();
      proxy.drop(true);
      assertTrue(within(2_000, () -> lb.missed.get() == 2), "noticed");
      long noticed = TimeUnit.NANOSECONDS.toMillis(lb.lastMissedNanos - dropped);
      System.out.printf(
          "[overdrive] silent subscription noticed after %d ms (bound 250 ms)%n", noticed);
      assertTrue(noticed >= 150 && noticed <= 600, "within the bound: " + noticed + " ms");
      assertEquals(1, b.counters().subscriptionLosses.sum());
      proxy.drop(false);
      assertTrue(
          within(3_000, () -> lb.missed.get() == 3 && b.subscribed()),
          "resubscribed, and reported once more: what was sent meanwhile was missed");
      assertTrue(a.cache("c").invalidate("s1:k"));
      RecordingListener.Heard h = lb.next(2_000);
      assertNotNull(h, "hears again");
      assertEquals("s1:k", h.key());
    }
  }

  @Test
  void aResetSubscriptionReconnectsAtOnce() throws Exception {
    try (TcpProxy proxy = new TcpProxy(redis.port())) {
      RecordingListener lb = new RecordingListener();
      RemoteTier a = subscribed(redis.uri(), new RecordingListener(), 1_000, 3_000);
      RemoteTier b = subscribed(proxy.uri(), lb, 1_000, 3_000);
      long reset = System.nanoTime();
      proxy.resetAll();
      assertTrue(within(2_000, () -> lb.missed.get() == 3 && b.subscribed()), "lost, back");
      long back = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - reset);
      assertTrue(back < 1_000, "reconnected in " + back + " ms");
      assertTrue(a.cache("c").invalidateAll());
      assertNotNull(lb.next(2_000));
    }
  }
}
