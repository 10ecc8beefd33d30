package dev.overdrive.runtime.remote;

import static dev.overdrive.runtime.remote.RecordingListener.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.remote.RemoteCache.Lookup;
import dev.overdrive.runtime.remote.RemoteCache.Lookup.Kind;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis killed, restarted, paused: no call fails, none waits past its timeout, the tier heals. */
class FaultRedisTest {

  private static final int TIMEOUT = 100;

  /** Scheduling on a busy 2-core machine; a call that hung would take seconds. */
  private static final long SLACK = 80;

  private RedisServerProcess redis;
  private RemoteTier tier;
  private RecordingListener listener;
  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader(), List.of(), "", 1024);

  @BeforeEach
  void start() throws Exception {
    redis = RedisServerProcess.start();
    listener = new RecordingListener();
    tier =
        RemoteTier.start(
            RemoteConfig.parse(redis.uri())
                .timeoutMillis(TIMEOUT)
                .breaker(3, 200, 400)
                .heartbeat(50, 300),
            listener);
    assertTrue(within(5_000, tier::subscribed));
  }

  @AfterEach
  void stop() {
    tier.close();
    redis.close();
  }

  /** Runs {@code call}, asserting it returned within the timeout (plus slack). */
  private static <T> T bounded(Supplier<T> call) {
    return bounded(TIMEOUT, call);
  }

  private static <T> T bounded(long timeout, Supplier<T> call) {
    long start = System.nanoTime();
    T result = call.get();
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(took <= timeout + SLACK, "returned after " + took + " ms");
    return result;
  }

  @Test
  void redisKilledCallsEndWithinTheTimeoutTheBreakerOpensAndTheTierResumesByItself()
      throws Exception {
    RemoteCache c = tier.cache("k");
    assertTrue(c.put(c.get("s1:a"), codec.encode("before"), 60_000));
    redis.kill();
    int failures = 0;
    for (int i = 0; i < 20; i++) {
      Lookup l = bounded(() -> c.get("s1:a"));
      assertSame(Kind.UNAVAILABLE, l.kind);
      assertFalse(bounded(() -> c.put(l, codec.encode("x"), 1_000)));
      assertFalse(bounded(() -> c.invalidate("s1:a")));
      failures++;
    }
    assertFalse(tier.connected(), "the breaker is open");
    assertEquals(1, tier.breakerOpenings());
    assertTrue(tier.counters().shortCircuited.sum() > 0, "calls stopped touching the network");
    assertTrue(within(2_000, () -> listener.missed.get() == 2), "the subscription loss reported");
    long shortStart = System.nanoTime();
    for (int i = 0; i < 1_000; i++) {
      c.get("s1:a");
    }
    long perCall = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - shortStart) / 1_000;
    assertTrue(perCall < 1_000, "open breaker answers at once: " + perCall + " us per call");

    redis.restart();
    // no caller calls: the heartbeat's probe closes the breaker, the subscriber comes back
    assertTrue(within(3_000, () -> tier.connected() && tier.subscribed()), "resumed by itself");
    assertTrue(listener.missed.get() >= 3, "reported again on resubscribing");
    Lookup fresh = c.get("s1:a");
    assertSame(Kind.MISS, fresh.kind, "an empty Redis after the restart");
    assertTrue(c.put(fresh, codec.encode("after"), 60_000));
    assertEquals("after", c.get("s1:a").decode(codec).value);
    assertTrue(failures > 0);
  }

  @Test
  void aQuickRestartDoesNotOpenTheBreakerOnStaleConnections() throws Exception {
    RemoteCache c = tier.cache("q");
    Thread[] warm = new Thread[8]; // several idle connections
    for (int i = 0; i < warm.length; i++) {
      warm[i] =
          new Thread(
              () -> {
                for (int j = 0; j < 20; j++) {
                  c.get("s1:w");
                }
              });
      warm[i].start();
    }
    for (Thread t : warm) {
      t.join(5_000);
    }
    redis.restart();
    int unavailable = 0;
    for (int i = 0; i < 10; i++) {
      Lookup l = bounded(() -> c.get("s1:w"));
      if (l.kind == Kind.UNAVAILABLE) {
        unavailable++;
      }
    }
    assertTrue(unavailable <= 1, "one call meets the stale sockets: " + unavailable);
    assertEquals(0, tier.breakerOpenings(), "the breaker stayed closed");
    assertTrue(tier.connected());
  }

  @Test
  void redisPausedCallsTimeOutWithinTheBoundAndResume() throws Exception {
    RemoteCache c = tier.cache("p");
    assertTrue(c.put(c.get("s1:a"), codec.encode("v"), 60_000));
    redis.pause();
    try {
      for (int i = 0; i < 6; i++) {
        assertSame(Kind.UNAVAILABLE, bounded(() -> c.get("s1:a")).kind);
        assertSame(Kind.UNAVAILABLE, bounded(() -> c.getOrLease("s1:b", 1_000)).kind);
      }
      assertFalse(tier.connected());
      assertTrue(within(2_000, () -> !tier.subscribed()), "silence noticed");
    } finally {
      redis.resume();
    }
    assertTrue(within(3_000, () -> tier.connected() && tier.subscribed()), "resumed by itself");
    assertEquals("v", c.get("s1:a").decode(codec).value, "the same server, its data intact");
  }

  @Test
  void aSlowRedisIsATimeoutNotAHang() throws Exception {
    try (TcpProxy proxy = new TcpProxy(redis.port())) {
      RemoteTier slow =
          RemoteTier.start(
              RemoteConfig.parse(proxy.uri()).timeoutMillis(TIMEOUT).breaker(3, 200, 400),
              new RecordingListener());
      try {
        RemoteCache c = slow.cache("s");
        assertSame(Kind.MISS, c.get("s1:a").kind);
        proxy.latency(150); // slower than the timeout
        for (int i = 0; i < 3; i++) {
          assertSame(Kind.UNAVAILABLE, bounded(() -> c.get("s1:a")).kind);
        }
        assertFalse(slow.connected());
        proxy.latency(0);
        assertTrue(
            within(
                3_000,
                () -> {
                  c.get("s1:a"); // callers probe too
                  return slow.connected();
                }));
      } finally {
        slow.close();
      }
    }
  }

  @Test
  void boundedInFlightWork() throws Exception {
    try (TcpProxy proxy = new TcpProxy(redis.port())) {
      RemoteTier narrow =
          RemoteTier.start(
              RemoteConfig.parse(proxy.uri())
                  .timeoutMillis(300)
                  .maxConnections(2)
                  .breaker(100, 200, 400),
              new RecordingListener());
      try {
        RemoteCache c = narrow.cache("n");
        assertSame(Kind.MISS, c.get("s1:x").kind); // classes loaded, one connection open
        proxy.latency(100); // a round trip takes 200 ms of the 300
        Thread[] callers = new Thread[6];
        Kind[] kinds = new Kind[callers.length];
        long[] took = new long[callers.length];
        for (int i = 0; i < callers.length; i++) {
          int n = i;
          callers[i] =
              new Thread(
                  () -> {
                    long start = System.nanoTime();
                    kinds[n] = c.get("s1:x").kind;
                    took[n] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                  });
          callers[i].start();
        }
        Thread.sleep(100);
        long clients = clients(); // while the calls are in flight
        for (Thread t : callers) {
          t.join(5_000);
        }
        for (long t : took) {
          assertTrue(t <= 300 + SLACK, "no caller waited past the timeout: " + t + " ms");
        }
        assertTrue(clients <= 2 + 2, "two command connections (+ two subscribers): " + clients);
        long served = java.util.Arrays.stream(kinds).filter(k -> k == Kind.MISS).count();
        assertTrue(served <= 2, "two connections serve at most two: " + served);
        RemoteTier.Counters n = narrow.counters();
        assertEquals(
            callers.length - served,
            n.busy.sum() + n.failures.sum(),
            "the rest waited for a connection within their budget, then went on without Redis");
      } finally {
        narrow.close();
      }
    }
  }

  private long clients() throws java.io.IOException {
    for (String line : ((String) redis.command("INFO", "clients")).split("\r\n")) {
      if (line.startsWith("connected_clients:")) {
        return Long.parseLong(line.substring(18)) - 1; // less the INFO connection itself
      }
    }
    throw new AssertionError("no connected_clients");
  }
}
