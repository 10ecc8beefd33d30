package dev.overdrive.runtime.remote;

import static dev.overdrive.runtime.remote.RecordingListener.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.remote.RemoteCache.Lookup;
import dev.overdrive.runtime.remote.RemoteCache.Lookup.Kind;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link RemoteCache} against a real redis-server of its own: reads, writes, epochs, leases. */
class RemoteCacheRedisTest extends SharedRedis {

  private final ValueCodec codec = new ValueCodec(getClass().getClassLoader(), List.of(), "", 1024);

  @BeforeEach
  void empty() throws IOException {
    redis.command("FLUSHALL");
    redis.resetStats();
  }

  private RemoteTier tier(String uri, int timeoutMillis) {
    return started(
        RemoteConfig.parse(uri).prefix("t").timeoutMillis(timeoutMillis), new RecordingListener());
  }

  private static String key(int i) {
    return KeyCodec.encode(new Object[] {"user-" + i});
  }

  @Test
  void aValueWrittenByOneJvmIsAHitInAnotherWithItsTtl() throws IOException {
    RemoteCache a = tier(redis.uri(), 500).cache("users");
    RemoteCache b = tier(redis.uri(), 500).cache("users");
    Lookup miss = a.get(key(1));
    assertSame(Kind.MISS, miss.kind);
    assertTrue(a.put(miss, codec.encode("Ada"), 60_000));
    Lookup hit = b.get(key(1));
    assertSame(Kind.HIT, hit.kind);
    assertEquals("Ada", hit.decode(codec).value);
    long ttl = (Long) redis.command("PTTL", "t:users:" + key(1));
    assertTrue(ttl > 59_000 && ttl <= 60_000, "expires with the cache's ttl: " + ttl);
    assertEquals(2, redis.calls("mget"));
    assertEquals(1, redis.calls("eval"));
    // the first read of a new cache installs its epoch (SET NX, GET); commandstats also counts
    // what the script ran: the epoch (GET), the value (SET); a write without a lease reads no
    // lease
    assertEquals(2, redis.calls("get"));
    assertEquals(2, redis.calls("set"));
  }

  @Test
  void concurrentFirstLoadsOfANewCacheAllStore() {
    RemoteCache c = tier(redis.uri(), 500).cache("fresh");
    Lookup first = c.getOrLease(key(1), 5_000);
    Lookup second = c.getOrLease(key(2), 5_000);
    assertSame(Kind.LEASED, first.kind);
    assertSame(Kind.LEASED, second.kind);
    // The second finishes first; the first must still be stored (one epoch for both).
    assertTrue(c.put(second, codec.encode("two"), 60_000));
    assertTrue(c.put(first, codec.encode("one"), 60_000));
    assertEquals("one", c.get(key(1)).decode(codec).value);
    assertEquals("two", c.get(key(2)).decode(codec).value);
  }

  @Test
  void concurrentFirstBatchesOfANewCacheAllStore() {
    RemoteCache c = tier(redis.uri(), 500).cache("fresh-batch");
    Lookup[] first = c.getAll(new String[] {key(1)});
    Lookup[] second = c.getAll(new String[] {key(2)});
    assertEquals(1, c.putAll(second, new byte[][] {codec.encode("two")}, new long[] {60_000}));
    assertEquals(1, c.putAll(first, new byte[][] {codec.encode("one")}, new long[] {60_000}));
  }

  @Test
  void nKeysAreOneMgetAndNWritesOnePipeline() throws IOException {
    RemoteCache c = tier(redis.uri(), 1000).cache("batch");
    String[] keys = new String[64];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(i);
    }
    Lookup[] misses = c.getAll(keys);
    assertTrue(Arrays.stream(misses).allMatch(l -> l.kind == Kind.MISS));
    assertEquals(1, redis.calls("mget"), "one MGET for 64 keys");
    byte[][] values = new byte[keys.length][];
    long[] ttls = new long[keys.length];
    for (int i = 0; i < keys.length; i++) {
      values[i] = i == 5 ? null : codec.encode("v" + i); // null: nothing to write
      ttls[i] = 30_000;
    }
    assertEquals(63, c.putAll(misses, values, ttls));
    assertEquals(63, redis.calls("eval"));
    Lookup[] hits = c.getAll(keys);
    assertEquals(2, redis.calls("mget"));
    for (int i = 0; i < keys.length; i++) {
      assertSame(i == 5 ? Kind.MISS : Kind.HIT, hits[i].kind, "key " + i);
      if (i != 5) {
        assertEquals("v" + i, hits[i].decode(codec).value);
      }
    }
    assertEquals(63, c.counters().stores.sum());
    assertEquals(64 + 1, c.counters().misses.sum());
  }

  @Test
  void batchesTakeOneRoundTripEvenWithLatency() throws Exception {
    try (TcpProxy proxy = new TcpProxy(redis.port())) {
      RemoteCache c = tier(proxy.uri(), 2000).cache("slow");
      String[] keys = new String[64];
      byte[][] values = new byte[64][];
      long[] ttls = new long[64];
      for (int i = 0; i < 64; i++) {
        keys[i] = key(i);
        values[i] = codec.encode(i);
        ttls[i] = 30_000;
      }
      c.get(key(0)); // connected before the latency starts
      proxy.latency(100); // each way: a round trip takes 200 ms, two would take 400
      long start = System.nanoTime();
      Lookup[] misses = c.getAll(keys);
      long mget = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      start = System.nanoTime();
      assertEquals(64, c.putAll(misses, values, ttls));
      long pipeline = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(mget >= 200 && mget < 350, "MGET of 64 keys: one round trip, " + mget + " ms");
      assertTrue(
          pipeline >= 200 && pipeline < 350, "64 writes: one round trip, " + pipeline + " ms");
    }
  }

  @Test
  void invalidateAllIsOneNewEpochAndRefusesAFillThatBeganBefore() throws IOException {
    RemoteCache c = tier(redis.uri(), 500).cache("all");
    assertTrue(c.put(c.get(key(1)), codec.encode("old"), 60_000));
    Lookup before = c.get(key(2)); // a load starts
    assertTrue(c.invalidateAll());
    assertSame(Kind.MISS, c.get(key(1)).kind, "the old epoch's value is gone for every reader");
    assertFalse(c.put(before, codec.encode("stale"), 60_000), "the load that began before");
    Lookup fresh = c.get(key(2));
    assertTrue(c.put(fresh, codec.encode("new"), 60_000));
    assertEquals("new", c.get(key(2)).decode(codec).value);
    assertEquals(
        0,
        redis.calls("scan") + redis.calls("del") + redis.calls("unlink"),
        "invalidateAll is one SET of the epoch: no SCAN, no DEL");
  }

  @Test
  void invalidateRemovesTheValueAndTheLeaseSoAnInFlightLoadDoesNotWrite() {
    RemoteCache c = tier(redis.uri(), 500).cache("one");
    assertTrue(c.put(c.get(key(1)), codec.encode("v1"), 60_000));
    Lookup loading = c.getOrLease(key(2), 5_000);
    assertSame(Kind.LEASED, loading.kind);
    assertTrue(c.invalidate(key(1)));
    assertTrue(c.invalidate(key(2)));
    assertSame(Kind.MISS, c.get(key(1)).kind);
    assertFalse(c.put(loading, codec.encode("stale"), 60_000), "its lease went with the key");
    assertSame(Kind.MISS, c.get(key(2)).kind);
  }

  @Test
  void aLeaseHeldByOneJvmIsRespectedByAnotherAndItsWaiterGetsTheValue() throws Exception {
    RemoteCache a = tier(redis.uri(), 500).cache("flight");
    RemoteCache b = tier(redis.uri(), 500).cache("flight");
    Lookup leader = a.getOrLease(key(1), 5_000);
    assertSame(Kind.LEASED, leader.kind);
    Lookup follower = b.getOrLease(key(1), 5_000);
    assertSame(Kind.HELD, follower.kind);
    CompletableFuture<Lookup> waiting =
        CompletableFuture.supplyAsync(() -> b.awaitFill(key(1), 3_000));
    Thread.sleep(50);
    assertFalse(waiting.isDone(), "waits while the lease is held");
    long put = System.nanoTime();
    assertTrue(a.put(leader, codec.encode("loaded once"), 60_000));
    Lookup got = waiting.get(3, TimeUnit.SECONDS);
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - put);
    assertSame(Kind.HIT, got.kind);
    assertEquals("loaded once", got.decode(codec).value);
    assertTrue(waited < 100, "the waiter polls: saw it " + waited + " ms after the put");
    assertEquals(0L, redis.command("EXISTS", "t:flight#lease:" + key(1)), "put released it");
  }

  @Test
  void aDeadHoldersLeaseExpiresAndOnlyItsHolderCanRelease() throws Exception {
    RemoteCache a = tier(redis.uri(), 500).cache("dead");
    RemoteCache b = tier(redis.uri(), 500).cache("dead");
    Lookup dead = a.getOrLease(key(1), 150); // this holder never completes
    assertSame(Kind.LEASED, dead.kind);
    long start = System.nanoTime();
    Lookup after = b.awaitFill(key(1), 2_000);
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertSame(Kind.MISS, after.kind, "the lease expired without a value");
    assertTrue(waited >= 100 && waited < 600, "replaced after the lease: " + waited + " ms");
    Lookup second = b.getOrLease(key(1), 5_000);
    assertSame(Kind.LEASED, second.kind);
    assertFalse(a.release(dead), "the old holder's token no longer matches");
    assertFalse(a.put(dead, codec.encode("late"), 60_000), "nor does its late value land");
    assertSame(Kind.HELD, a.getOrLease(key(1), 5_000).kind, "the new holder's lease stands");
    assertTrue(b.release(second));
    assertSame(Kind.LEASED, a.getOrLease(key(1), 5_000).kind);
  }

  @Test
  void aWaiterNeverWaitsPastItsBound() {
    RemoteCache a = tier(redis.uri(), 500).cache("bound");
    RemoteCache b = tier(redis.uri(), 500).cache("bound");
    assertSame(Kind.LEASED, a.getOrLease(key(1), 10_000).kind);
    long start = System.nanoTime();
    Lookup l = b.awaitFill(key(1), 120);
    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertSame(Kind.HELD, l.kind, "still held: load it yourself");
    assertTrue(waited >= 120 && waited < 250, "waited " + waited + " ms");
  }

  @Test
  void aRejectedValueIsNotDeserializedAndCanBeDeleted() {
    RemoteCache c = tier(redis.uri(), 500).cache("gadget");
    ValueCodec permissive =
        new ValueCodec(
            getClass().getClassLoader(), List.of("dev.overdrive.runtime.remote"), "", 1024);
    assertTrue(c.put(c.get(key(1)), permissive.encode(new ValueCodecTest.Gadget("x")), 60_000));
    ValueCodecTest.Gadget.deserialized = false;
    Lookup hit = c.get(key(1));
    assertSame(Kind.HIT, hit.kind);
    assertSame(ValueCodec.Decoded.REJECTED, hit.decode(codec));
    assertFalse(ValueCodecTest.Gadget.deserialized);
    assertTrue(c.delete(key(1)));
    assertSame(Kind.MISS, c.get(key(1)).kind);
  }

  @Test
  void oneMegabyteValuesRoundTripThroughRedis() {
    RemoteCache c = tier(redis.uri(), 1000).cache("big");
    byte[] noise = new byte[1 << 20];
    new java.util.Random(3).nextBytes(noise);
    String text = "compressible ".repeat(80_000);
    assertTrue(c.put(c.get(key(1)), codec.encode(noise), 60_000));
    byte[] packed = codec.encode(text);
    assertTrue(ValueCodec.compressed(packed));
    assertTrue(c.put(c.get(key(2)), packed, 60_000));
    Lookup[] both = c.getAll(new String[] {key(1), key(2)});
    assertTrue(Arrays.equals(noise, (byte[]) both[0].decode(codec).value));
    assertEquals(text, both[1].decode(codec).value);
    assertTrue(both[1].storedSize() < 100_000, "stored compressed: " + both[1].storedSize());
  }

  @Test
  void cacheNamesAreEscapedSoKeysCannotCollide() throws IOException {
    RemoteTier t = tier(redis.uri(), 500);
    RemoteCache odd = t.cache("a:b#c d");
    assertTrue(odd.put(odd.get(key(1)), codec.encode(1), 60_000));
    assertEquals(1L, redis.command("EXISTS", "t:a%3Ab%23c%20d:" + key(1)));
    assertSame(Kind.MISS, t.cache("a").get("b#c d:" + key(1)).kind);
    assertNotNull(t.cache("a:b#c d"));
    assertSame(odd, t.cache("a:b#c d"));
  }

  @Test
  void everyWaitIsBounded() throws InterruptedException {
    assertTrue(within(50, () -> true));
  }
}
