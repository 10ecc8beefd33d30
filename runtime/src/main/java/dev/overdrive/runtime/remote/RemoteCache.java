package dev.overdrive.runtime.remote;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.Protocol.Command;

/**
 * The Redis commands of one cache. Keys are {@link KeyCodec} encodings; values are {@link
 * ValueCodec} bytes. Every method returns within the tier's timeout and never throws: Redis not
 * answering is {@link Lookup.Kind#UNAVAILABLE} or {@code false}.
 *
 * <p>Design. Redis holds, per cache:
 *
 * <pre>
 *   P:C:K        the value: 8-byte epoch, then the ValueCodec bytes (PX = ttl)
 *   P:C#lease:K  a load in progress: its holder's token (PX = lease)
 *   P:C#epoch    8 random bytes, replaced by invalidateAll
 *   (P = prefix, C = cache, K = encoded key)
 * </pre>
 *
 * ({@code <cache>} is percent-escaped to {@code [A-Za-z0-9._$-]}, so it never contains ':' or '#'
 * and the three forms cannot collide.) Invalidating every key is one {@code SET} of a new epoch,
 * not a SCAN + UNLINK over the keyspace: it takes one round trip whatever the cache's size (a SCAN
 * of a large keyspace would not fit in a caller's 100 ms), and it is atomic: a value written under
 * the old epoch is a miss for every reader from then on, including one whose load began before the
 * invalidation and stores after it (stale values left behind expire with their TTL). Reads fetch
 * the epoch with the value in the same command (an {@code MGET} of N + 1 keys, or the lease
 * script), so this costs no round trip. The lease script installs the epoch of a cache that has
 * none: concurrent first loads of a new cache (a batch's keys, say) would otherwise each propose
 * their own, and all but the first writer's would be refused. A random epoch rather than a counter:
 * a counter reset by eviction or a restart could make an old value current again.
 *
 * <p>Writes go through one script that stores only if the epoch the reader saw is still current
 * and, for a leased load, only if the lease is still the writer's: an invalidation removes the
 * lease with the value, so a load that started before it never writes its possibly stale value
 * after it (a slow holder whose lease expired does not write either; its caller still gets its
 * value). Fleet-wide single-flight: {@link #getOrLease} reads the value and, on a miss, takes the
 * lease ({@code SET NX PX}) in the same round trip; a caller that finds it taken polls ({@link
 * #awaitFill}, one {@code MGET} per poll, 2 ms doubling to 20 ms) until the value appears, the
 * lease disappears (its holder failed or was invalidated: try again) or its bound passes (then it
 * loads by itself). Fills never publish anything.
 */
public final class RemoteCache {

  /** The result of a read. */
  public static final class Lookup {
    public enum Kind {
      /** A current value: {@link #decode} it. */
      HIT,
      /** No current value (and, from {@link #getOrLease}, the lease could not be asked for). */
      MISS,
      /** No value, and this caller now holds the key's lease: load, then {@link #put}. */
      LEASED,
      /** No value; another JVM holds the lease (or still held it when the wait's bound passed). */
      HELD,
      /** Redis did not answer in time, or the breaker is open: go on without it. */
      UNAVAILABLE
    }

    static final Lookup UNAVAILABLE = new Lookup(Kind.UNAVAILABLE, null, null, null, null);

    public final Kind kind;
    final String key;
    final byte[] stored;
    final byte[] epoch;
    final byte[] token;

    Lookup(Kind kind, String key, byte[] stored, byte[] epoch, byte[] token) {
      this.kind = kind;
      this.key = key;
      this.stored = stored;
      this.epoch = epoch;
      this.token = token;
    }

    /** The value of a {@link Kind#HIT}. */
    public ValueCodec.Decoded decode(ValueCodec codec) {
      return codec.decode(stored, EPOCH);
    }

    /** Size in Redis of a hit's value, its epoch included. */
    public int storedSize() {
      return stored == null ? 0 : stored.length;
    }

    @Override
    public String toString() {
      return kind.toString();
    }
  }

  /** Plain per-cache counters (API.md's {@code overdrive.remote.*}, tag {@code cache}). */
  public static final class Counters {
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder errors = new LongAdder();
    public final LongAdder latencyNanos = new LongAdder();
    public final LongAdder reads = new LongAdder();
    public final LongAdder bytesStored = new LongAdder();
    public final LongAdder stores = new LongAdder();
    public final LongAdder invalidationsSent = new LongAdder();
    public final LongAdder invalidationsReceived = new LongAdder();
  }

  static final int EPOCH = 8;
  private static final byte[] LEASE_SCRIPT =
      bytes(
          "local e = redis.call('GET', KEYS[3])\n"
              + "if not e then redis.call('SET', KEYS[3], ARGV[3]) e = ARGV[3] end\n"
              + "local v = redis.call('GET', KEYS[1])\n"
              + "if v and e and string.sub(v, 1, 8) == e then return {e, v} end\n"
              + "if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then\n"
              + "  return {e or false, false, 1} end\n"
              + "return {e or false, false, 0}");
  private static final byte[] STORE_SCRIPT =
      bytes(
          "local e = redis.call('GET', KEYS[3])\n"
              + "if not e then redis.call('SET', KEYS[3], ARGV[3]) e = ARGV[3] end\n"
              + "local mine = ARGV[4] ~= '' and redis.call('GET', KEYS[2]) == ARGV[4]\n"
              + "if mine then redis.call('DEL', KEYS[2]) end\n"
              + "if e ~= ARGV[3] or (ARGV[4] ~= '' and not mine) then return 0 end\n"
              + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])\n"
              + "return 1");
  private static final byte[] RELEASE_SCRIPT =
      bytes(
          "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end\n"
              + "return 0");
  private static final byte[] ONE = bytes("1");
  private static final byte[] THREE = bytes("3");
  private static final byte[] NO_TOKEN = new byte[0];
  private static final AtomicLong TOKENS = new AtomicLong();

  private final RemoteTier tier;
  private final String name;
  private final String escaped;
  private final byte[] valuePrefix;
  private final byte[] leasePrefix;
  private final byte[] epochKey;
  private final Counters counters = new Counters();

  RemoteCache(RemoteTier tier, String name) {
    this.tier = tier;
    this.name = name;
    this.escaped = escape(name);
    String p = tier.config.prefix + ":" + escaped;
    this.valuePrefix = bytes(p + ":");
    this.leasePrefix = bytes(p + "#lease:");
    this.epochKey = bytes(p + "#epoch");
  }

  public String name() {
    return name;
  }

  public Counters counters() {
    return counters;
  }

  /** The value of {@code key}: HIT, MISS or UNAVAILABLE. One {@code MGET}. */
  public Lookup get(String key) {
    return getAll(new String[] {key})[0];
  }

  /** The values of {@code keys} in one {@code MGET}: HIT or MISS each, or all UNAVAILABLE. */
  public Lookup[] getAll(String[] keys) {
    byte[][] args = new byte[keys.length + 1][];
    args[0] = epochKey;
    for (int i = 0; i < keys.length; i++) {
      args[i + 1] = key(valuePrefix, keys[i]);
    }
    long start = System.nanoTime();
    List<byte[]> reply =
        tier.call(
            c -> {
              c.sendCommand(Command.MGET, args);
              return c.getBinaryMultiBulkReply();
            },
            null);
    Lookup[] out = new Lookup[keys.length];
    if (reply == null || reply.size() != args.length) {
      Arrays.fill(out, Lookup.UNAVAILABLE);
      counters.errors.add(keys.length);
      return out;
    }
    timed(start);
    byte[] epoch = reply.get(0) != null ? reply.get(0) : installEpoch();
    for (int i = 0; i < keys.length; i++) {
      byte[] v = reply.get(i + 1);
      boolean current =
          v != null
              && v.length >= EPOCH
              && Arrays.equals(v, 0, EPOCH, epoch, 0, Math.min(EPOCH, epoch.length));
      out[i] =
          new Lookup(
              current ? Lookup.Kind.HIT : Lookup.Kind.MISS,
              keys[i],
              current ? v : null,
              epoch,
              null);
      (current ? counters.hits : counters.misses).increment();
    }
    return out;
  }

  /**
   * Installs an epoch for a cache that has none (its first read), and returns the current one:
   * lookups that each proposed their own would make all but the first writer's stores fail. One
   * more round trip, once in a cache's life (or after Redis lost the epoch).
   */
  private byte[] installEpoch() {
    byte[] proposed = proposedEpoch();
    List<Object> r =
        tier.call(
            c -> {
              c.sendCommand(Command.SET, epochKey, proposed, bytes("NX"));
              c.sendCommand(Command.GET, epochKey);
              return c.getMany(2);
            },
            null);
    return r != null && r.size() == 2 && r.get(1) instanceof byte[] ? (byte[]) r.get(1) : proposed;
  }

  /**
   * The value of {@code key}, or, if there is none, the key's lease for {@code leaseMillis}
   * (LEASED: this caller loads it and calls {@link #put} or {@link #release}), or HELD: another
   * caller, perhaps in another JVM, is loading it ({@link #awaitFill}). One round trip.
   */
  public Lookup getOrLease(String key, long leaseMillis) {
    byte[] token = token();
    byte[][] args = {
      LEASE_SCRIPT,
      THREE,
      key(valuePrefix, key),
      key(leasePrefix, key),
      epochKey,
      token,
      bytes(Long.toString(Math.max(1, leaseMillis))),
      proposedEpoch()
    };
    long start = System.nanoTime();
    Object reply =
        tier.call(
            c -> {
              c.sendCommand(Command.EVAL, args);
              return c.getOne();
            },
            null);
    if (!(reply instanceof List)) {
      counters.errors.increment();
      return Lookup.UNAVAILABLE;
    }
    timed(start);
    List<?> r = (List<?>) reply;
    byte[] epoch = r.get(0) instanceof byte[] ? (byte[]) r.get(0) : proposedEpoch();
    if (r.size() == 2) {
      counters.hits.increment();
      return new Lookup(Lookup.Kind.HIT, key, (byte[]) r.get(1), epoch, null);
    }
    counters.misses.increment();
    boolean leased = r.size() == 3 && Long.valueOf(1).equals(r.get(2));
    return leased
        ? new Lookup(Lookup.Kind.LEASED, key, null, epoch, token)
        : new Lookup(Lookup.Kind.HELD, key, null, epoch, null);
  }

  /**
   * Waits, at most {@code maxWaitMillis}, for another caller's load of {@code key}: HIT (its
   * value), MISS (the lease is gone without a value: its holder failed, died or was invalidated;
   * ask {@link #getOrLease} again), HELD (still loading when the bound passed: load it yourself) or
   * UNAVAILABLE.
   */
  public Lookup awaitFill(String key, long maxWaitMillis) {
    byte[][] args = {epochKey, key(valuePrefix, key), key(leasePrefix, key)};
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
    long pause = 2;
    while (true) {
      List<byte[]> r =
          tier.call(
              c -> {
                c.sendCommand(Command.MGET, args);
                return c.getBinaryMultiBulkReply();
              },
              null);
      if (r == null || r.size() != 3) {
        return Lookup.UNAVAILABLE;
      }
      byte[] e = r.get(0);
      byte[] v = r.get(1);
      if (v != null
          && e != null
          && v.length >= EPOCH
          && Arrays.equals(v, 0, EPOCH, e, 0, Math.min(EPOCH, e.length))) {
        return new Lookup(Lookup.Kind.HIT, key, v, e, null);
      }
      if (r.get(2) == null) {
        return new Lookup(Lookup.Kind.MISS, key, null, e != null ? e : proposedEpoch(), null);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return new Lookup(Lookup.Kind.HELD, key, null, e != null ? e : proposedEpoch(), null);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(TimeUnit.MILLISECONDS.toNanos(pause), left));
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return new Lookup(Lookup.Kind.HELD, key, null, e != null ? e : proposedEpoch(), null);
      }
      pause = Math.min(20, pause * 2);
    }
  }

  /**
   * Stores {@code value} ({@link ValueCodec} bytes) for the key of a MISS, LEASED or HELD lookup,
   * expiring after {@code ttlMillis}; releases the lease of a LEASED one. True if stored; false if
   * Redis did not answer, the cache was invalidated since the lookup, or the lease was lost
   * (expired, or removed by an invalidation). An UNAVAILABLE lookup is never stored: without the
   * epoch it read, a write could not be told from a stale one.
   */
  public boolean put(Lookup from, byte[] value, long ttlMillis) {
    if (!storable(from)) {
      return false;
    }
    byte[][] args = storeArgs(from, value, ttlMillis);
    Object reply =
        tier.call(
            c -> {
              c.sendCommand(Command.EVAL, args);
              return c.getOne();
            },
            null);
    return stored(reply, args[5].length);
  }

  /**
   * {@link #put} for several lookups in one pipelined round trip ({@code values[i]} null: skipped).
   * Returns how many were stored, or -1 if Redis did not answer.
   */
  public int putAll(Lookup[] from, byte[][] values, long[] ttlMillis) {
    byte[][][] commands = new byte[from.length][][];
    int n = 0;
    for (int i = 0; i < from.length; i++) {
      if (values[i] != null && storable(from[i])) {
        commands[n++] = storeArgs(from[i], values[i], ttlMillis[i]);
      }
    }
    if (n == 0) {
      return 0;
    }
    int count = n;
    List<Object> replies =
        tier.call(
            c -> {
              for (int i = 0; i < count; i++) {
                c.sendCommand(Command.EVAL, commands[i]);
              }
              return c.getMany(count);
            },
            null);
    if (replies == null) {
      return -1;
    }
    int stored = 0;
    for (int i = 0; i < count; i++) {
      if (stored(replies.get(i), commands[i][5].length)) {
        stored++;
      }
    }
    return stored;
  }

  private static boolean storable(Lookup from) {
    return from.key != null && from.epoch != null;
  }

  private byte[][] storeArgs(Lookup from, byte[] value, long ttlMillis) {
    byte[] framed = new byte[EPOCH + value.length];
    System.arraycopy(from.epoch, 0, framed, 0, Math.min(EPOCH, from.epoch.length));
    System.arraycopy(value, 0, framed, EPOCH, value.length);
    return new byte[][] {
      STORE_SCRIPT,
      THREE,
      key(valuePrefix, from.key),
      key(leasePrefix, from.key),
      epochKey,
      framed,
      bytes(Long.toString(Math.max(1, ttlMillis))),
      from.epoch,
      from.token != null ? from.token : NO_TOKEN
    };
  }

  private boolean stored(Object reply, int size) {
    if (Long.valueOf(1).equals(reply)) {
      counters.stores.increment();
      counters.bytesStored.add(size);
      return true;
    }
    return false;
  }

  /** Gives up a LEASED lookup's lease (its load failed), if it is still the caller's. */
  public boolean release(Lookup leased) {
    if (leased.token == null) {
      return false;
    }
    byte[][] args = {RELEASE_SCRIPT, ONE, key(leasePrefix, leased.key), leased.token};
    return Long.valueOf(1)
        .equals(
            tier.call(
                c -> {
                  c.sendCommand(Command.EVAL, args);
                  return c.getOne();
                },
                null));
  }

  /**
   * Removes {@code key}'s value and lease from Redis and tells every other JVM to drop its local
   * copy, in one pipelined round trip (in that order: a JVM that hears the message and reads Redis
   * again finds no value). False if Redis did not answer.
   */
  public boolean invalidate(String key) {
    byte[] value = key(valuePrefix, key);
    byte[] lease = key(leasePrefix, key);
    byte[] message = bytes("1|" + tier.config.jvmId + "|" + escaped + "|k|" + key);
    return publish(
        c -> {
          c.sendCommand(Command.UNLINK, value, lease);
          c.sendCommand(Command.PUBLISH, tier.channel, message);
          return c.getMany(2);
        });
  }

  /**
   * Makes every value of this cache a miss (a new epoch) and tells every other JVM to drop its
   * local entries of it, in one pipelined round trip. False if Redis did not answer.
   */
  public boolean invalidateAll() {
    byte[] epoch = proposedEpoch();
    byte[] message = bytes("1|" + tier.config.jvmId + "|" + escaped + "|a");
    return publish(
        c -> {
          c.sendCommand(Command.SET, epochKey, epoch);
          c.sendCommand(Command.PUBLISH, tier.channel, message);
          return c.getMany(2);
        });
  }

  private boolean publish(RemoteTier.Command<List<Object>> command) {
    List<Object> replies = tier.call(command, null);
    if (replies == null || replies.size() != 2 || replies.get(0) instanceof Exception) {
      return false;
    }
    tier.counters.invalidationsSent.increment();
    counters.invalidationsSent.increment();
    return true;
  }

  /** Removes {@code key}'s value (one that could not be decoded: rejected or unreadable). */
  public boolean delete(String key) {
    byte[] value = key(valuePrefix, key);
    return tier.call(
            c -> {
              c.sendCommand(Command.UNLINK, value);
              return c.getOne();
            },
            null)
        != null;
  }

  private void timed(long start) {
    counters.reads.increment();
    counters.latencyNanos.add(System.nanoTime() - start);
  }

  private byte[] token() {
    return bytes(tier.config.jvmId + ":" + TOKENS.incrementAndGet());
  }

  /** A new random epoch, proposed when the cache has none yet (the first writer installs it). */
  private static byte[] proposedEpoch() {
    byte[] e = new byte[EPOCH];
    long r = ThreadLocalRandom.current().nextLong();
    for (int i = 0; i < EPOCH; i++) {
      e[i] = (byte) (r >>> (8 * i));
    }
    return e;
  }

  private static byte[] key(byte[] prefix, String key) {
    byte[] k = KeyCodec.bytes(key);
    byte[] out = Arrays.copyOf(prefix, prefix.length + k.length);
    System.arraycopy(k, 0, out, prefix.length, k.length);
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A cache name as it appears in keys and messages: {@code [A-Za-z0-9._$-]}, rest as %XX. */
  static String escape(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '.'
          || c == '_'
          || c == '$'
          || c == '-') {
        b.append((char) c);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return b.toString();
  }
}
