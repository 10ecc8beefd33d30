package dev.overdrive.runtime.remote;

import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * One JVM's connection to the fleet's Redis: a bounded set of connections, a deadline on every
 * call, a circuit breaker, and the invalidation subscription. Per-cache commands are on {@link
 * RemoteCache} ({@link #cache}).
 *
 * <p>Design. A call runs in the caller's thread and never throws. It first asks the {@link Breaker}
 * (open: "not available" at once), then waits for one of {@code maxConnections} permits (the bound
 * on in-flight work), takes an idle connection or opens one, and sets the socket's read timeout to
 * what is left of the call's budget, so that permit, connect and reply together take at most {@code
 * timeout} (plus scheduling). A reply that does not come in time, a refused connection or a reset
 * count as failures for the breaker and close that connection (its reply may still arrive: the
 * connection cannot be reused), except that a reused connection found dead (reset, closed: Redis
 * restarted, say) only drops the idle ones with it and leaves the verdict to the next call's fresh
 * connection, so a quick restart does not open the breaker on stale sockets (the call is not
 * retried: it may have run); an error reply from Redis (OOM, a script error) fails only that call,
 * Redis having answered. The {@link Subscriber}'s thread keeps the invalidation channel and its
 * heartbeat probes an open breaker, so the tier closes again by itself when Redis answers, with or
 * without traffic.
 *
 * <p>Nothing outside this package refers to Jedis: this class is loaded only by {@link #start},
 * which the caller invokes only when {@code overdrive.redis.uri} is set and a remote cache exists.
 */
public final class RemoteTier implements AutoCloseable {

  /** Plain counters, bound to Micrometer by the caller. */
  public static final class Counters {
    public final LongAdder commands = new LongAdder();
    public final LongAdder failures = new LongAdder();

    /** Calls answered "not available" by the open breaker, without touching the network. */
    public final LongAdder shortCircuited = new LongAdder();

    /** Calls that found every connection busy for their whole budget. */
    public final LongAdder busy = new LongAdder();

    public final LongAdder invalidationsSent = new LongAdder();
    public final LongAdder invalidationsReceived = new LongAdder();

    /** Subscriptions lost or silent past the bound. */
    public final LongAdder subscriptionLosses = new LongAdder();
  }

  /** One Redis exchange on a connection; may throw, {@link #call} turns that into a failure. */
  interface Command<T> {
    T run(Connection c);
  }

  final RemoteConfig config;
  final Counters counters = new Counters();
  final Breaker breaker;
  final byte[] channel;
  private final HostAndPort address;
  private final Semaphore permits;
  private final ArrayBlockingQueue<Connection> idle;
  private final long timeoutNanos;
  private final ConcurrentHashMap<String, RemoteCache> caches = new ConcurrentHashMap<>();
  private final Subscriber subscriber;
  private volatile boolean closed;

  private RemoteTier(RemoteConfig config, InvalidationListener listener) {
    this.config = config;
    this.address = new HostAndPort(config.host, config.port);
    this.permits = new Semaphore(config.maxConnections);
    this.idle = new ArrayBlockingQueue<>(config.maxConnections);
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis);
    this.channel = (config.prefix + ":invalidate").getBytes(StandardCharsets.UTF_8);
    this.breaker =
        new Breaker(
            config.breakerThreshold,
            config.breakerBackoffMillis,
            config.breakerMaxBackoffMillis,
            System::nanoTime,
            connected -> {
              if (!connected) {
                dropIdle(); // their peer may be gone: start afresh when Redis is back
              }
            });
    this.subscriber = new Subscriber(this, listener);
  }

  /**
   * Starts the tier: its subscriber thread connects in the background (a Redis that is down now is
   * not an error: calls answer "not available" until it is up).
   */
  public static RemoteTier start(RemoteConfig config, InvalidationListener listener) {
    RemoteTier tier = new RemoteTier(config, listener);
    tier.subscriber.start();
    return tier;
  }

  /** The commands of one cache (one instance per name). */
  public RemoteCache cache(String name) {
    return caches.computeIfAbsent(name, n -> new RemoteCache(this, n));
  }

  /** The cache of that name if this JVM has asked for it, else null. */
  RemoteCache existing(String name) {
    return caches.get(name);
  }

  /** 1 while Redis answers, 0 while the breaker is open ({@code overdrive.remote.connected}). */
  public boolean connected() {
    return breaker.closed();
  }

  /** Whether the invalidation subscription is up (and heard from within its bound). */
  public boolean subscribed() {
    return subscriber.subscribed();
  }

  public Counters counters() {
    return counters;
  }

  /** How many times the breaker opened. */
  public long breakerOpenings() {
    return breaker.opened();
  }

  /** This JVM's id on the invalidation channel. */
  public String jvmId() {
    return config.jvmId;
  }

  /**
   * Runs {@code command} on a connection within the call's budget; {@code unavailable} if the
   * breaker is open, no connection frees up in time, or it fails.
   */
  <T> T call(Command<T> command, T unavailable) {
    if (closed || !breaker.allow()) {
      counters.shortCircuited.increment();
      return unavailable;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    try {
      if (!permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        counters.busy.increment();
        breaker.failure(); // every connection stuck for a whole timeout: Redis is slow
        return unavailable;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      breaker.failure(); // a probe must not leave the breaker half-open
      return unavailable;
    }
    Connection c = null;
    boolean reused = false;
    boolean reported = false;
    try {
      c = idle.poll();
      reused = c != null;
      if (c == null) {
        int left = millisLeft(deadline);
        c = new Connection(address, clientConfig(left, left));
        c.connect();
      }
      c.setSoTimeout(millisLeft(deadline));
      counters.commands.increment();
      T result = command.run(c);
      reported = true;
      breaker.success();
      if (!idle.offer(c)) {
        c.close();
      }
      c = null;
      return result;
    } catch (JedisDataException answered) {
      reported = true;
      breaker.success(); // Redis answered, with an error reply: only this call fails
      counters.failures.increment();
      if (c != null && !c.isBroken() && idle.offer(c)) {
        c = null;
      }
      return unavailable;
    } catch (RuntimeException | LinkageError e) { // timeout, refused, reset, broken reply
      counters.failures.increment();
      if (reused && !timedOut(e)) {
        // A connection from before a Redis restart or a reset: the others idle with it are
        // likely dead too. Not Redis's failure yet: the next call opens a fresh one and tells.
        reported = true;
        breaker.neutral();
        dropIdle();
      }
      return unavailable;
    } finally {
      if (!reported) {
        breaker.failure(); // also before an Error propagates: a probe never stays half-open
      }
      if (c != null) {
        closeQuietly(c);
      }
      permits.release();
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static int millisLeft(long deadline) {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
  }

  @SuppressWarnings("deprecation") // ssl(true): its replacement, SslOptions, starts SLF4J
  JedisClientConfig clientConfig(int connectMillis, int readMillis) {
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(connectMillis)
            .socketTimeoutMillis(readMillis)
            .database(config.database)
            .autoNegotiateProtocol(false) // RESP2: no HELLO round trip on connect
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED); // nor CLIENT SETINFO
    if (config.ssl) {
      b.ssl(true); // the JVM's default trust store and host name check
    }
    if (config.password != null) {
      b.user(config.user).password(config.password);
    }
    return b.build();
  }

  HostAndPort address() {
    return address;
  }

  private void dropIdle() {
    Connection c;
    while ((c = idle.poll()) != null) {
      closeQuietly(c);
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (RuntimeException ignored) {
      // already broken: nothing left to release
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Stops the subscriber and closes every connection; later calls answer "not available". */
  @Override
  public void close() {
    closed = true;
    subscriber.stop();
    dropIdle();
  }
}
