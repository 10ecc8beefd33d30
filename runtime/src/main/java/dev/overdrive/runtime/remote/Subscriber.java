package dev.overdrive.runtime.remote;

import dev.overdrive.runtime.Log;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.Protocol;

/**
 * Keeps the invalidation subscription of a {@link RemoteTier}: one daemon thread subscribed to
 * {@code <prefix>:invalidate}, one daemon heartbeat thread.
 *
 * <p>Design. Messages are {@code 1|<jvm id>|<escaped cache>|k|<encoded key>} or {@code 1|<jvm
 * id>|<escaped cache>|a} (every key); a JVM ignores its own. The subscription is a plain connection
 * in subscribed mode, read by the subscriber thread with a read timeout of {@code silence}; the
 * heartbeat thread sends PING on it every {@code heartbeat} (Redis answers with a pong on the same
 * path, so a healthy idle subscription is never silent). A read that times out means the
 * subscription is lost, even if no socket ever closed (a proxy or a network path that silently
 * drops traffic): it is detected within {@code silence} of the last thing heard. The subscriber
 * thread then reports {@link InvalidationListener#onPossiblyMissedInvalidations} and connects
 * again, with a backoff of 50 ms doubling to the heartbeat interval, forever; it reports again once
 * subscribed, since whatever was published in between was missed (and at the first subscription,
 * since a caller may have read values from Redis before it). While the tier's breaker is open, the
 * heartbeat also probes Redis, so the breaker closes by itself when Redis is back even if no caller
 * calls. (Jedis's own pub/sub class is not used: it reads without a timeout and initialises
 * logging.)
 */
final class Subscriber {

  private final RemoteTier tier;
  private final InvalidationListener listener;
  private final String ownPrefix;
  private final long heartbeatNanos;
  private final long silenceNanos;
  private final Thread reader;
  private final Thread heartbeat;

  private volatile boolean stopped;
  private volatile boolean subscribed;
  private volatile long lastHeard;
  private volatile Push connection;

  /** Heartbeat thread only: when it next probes an open breaker. */
  private long nextProbe;

  Subscriber(RemoteTier tier, InvalidationListener listener) {
    this.tier = tier;
    this.listener = listener;
    this.ownPrefix = "1|" + tier.config.jvmId + "|";
    this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(tier.config.heartbeatMillis);
    this.silenceNanos = TimeUnit.MILLISECONDS.toNanos(tier.config.silenceMillis);
    this.reader = new Thread(this::readLoop, "overdrive-redis-subscriber");
    this.heartbeat = new Thread(this::heartbeatLoop, "overdrive-redis-heartbeat");
    reader.setDaemon(true);
    heartbeat.setDaemon(true);
  }

  void start() {
    reader.start();
    heartbeat.start();
  }

  boolean subscribed() {
    return subscribed && System.nanoTime() - lastHeard < silenceNanos;
  }

  private void readLoop() {
    long backoff = 50;
    while (!stopped) {
      Push c = null;
      try {
        c =
            new Push(
                tier.address(),
                tier.clientConfig(tier.config.timeoutMillis, (int) tier.config.silenceMillis));
        c.connect();
        c.send(Protocol.Command.SUBSCRIBE, tier.channel);
        connection = c;
        while (!stopped) {
          read(c.getUnflushedObject()); // throws after silence, a reset or a close
        }
      } catch (RuntimeException e) {
        // refused, reset, silent past the bound, or closed by stop(): reconnect below
      } finally {
        connection = null;
        if (c != null) {
          RemoteTier.closeQuietly(c);
        }
      }
      if (stopped) {
        return;
      }
      if (subscribed) {
        subscribed = false;
        tier.counters.subscriptionLosses.increment();
        missed();
        backoff = 50; // it was up a moment ago: try again soon
      }
      sleep(backoff);
      backoff = Math.min(Math.max(50, tier.config.heartbeatMillis), backoff * 2);
    }
  }

  /** One push from the subscription: a message, the subscription's confirmation, a pong. */
  private void read(Object reply) {
    lastHeard = System.nanoTime();
    if (!(reply instanceof List) || ((List<?>) reply).isEmpty()) {
      return;
    }
    List<?> push = (List<?>) reply;
    Object kind = push.get(0);
    String type =
        kind instanceof byte[] ? new String((byte[]) kind, StandardCharsets.US_ASCII) : "";
    if ("message".equals(type) && push.size() == 3 && push.get(2) instanceof byte[]) {
      dispatch((byte[]) push.get(2));
    } else if ("subscribe".equals(type)) {
      subscribed = true;
      // Anything published before this moment (while we were away, or since the tier started
      // and a caller may already have read values from Redis) was not heard.
      missed();
    }
  }

  private void heartbeatLoop() {
    long nextPing = System.nanoTime();
    while (!stopped) {
      sleep(Math.max(1, tier.config.heartbeatMillis / 4));
      long now = System.nanoTime();
      Push c = connection;
      if (c != null && subscribed && now - nextPing >= 0) {
        nextPing = now + heartbeatNanos;
        try {
          c.send(Protocol.Command.PING); // only this thread writes once subscribed
        } catch (RuntimeException e) {
          // a broken connection: the reader sees it too
        }
      }
      if (!tier.breaker.closed() && now - nextProbe >= 0) {
        nextProbe = now + heartbeatNanos;
        tier.call(
            conn -> {
              conn.sendCommand(Protocol.Command.PING);
              return conn.getStatusCodeReply();
            },
            null);
      }
    }
  }

  private void missed() {
    try {
      listener.onPossiblyMissedInvalidations();
    } catch (RuntimeException e) {
      Log.failure("remote tier", "invalidation listener failed", e);
    }
  }

  private void dispatch(byte[] raw) {
    try {
      parse(new String(raw, StandardCharsets.UTF_8));
    } catch (RuntimeException malformed) {
      // not ours, or damaged: ignored (it must not cost the subscription)
    }
  }

  private void parse(String m) {
    if (m.startsWith(ownPrefix)) {
      return; // our own invalidation, already applied locally
    }
    String[] parts = m.split("\\|", 5);
    if (parts.length < 4 || !"1".equals(parts[0])) {
      missed(); // a newer version's format: something was invalidated, we cannot tell what
      return;
    }
    tier.counters.invalidationsReceived.increment();
    String cache = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
    RemoteCache known = tier.existing(cache);
    if (known != null) {
      known.counters().invalidationsReceived.increment();
    }
    try {
      if ("a".equals(parts[3])) {
        listener.onInvalidateAll(cache);
      } else if ("k".equals(parts[3]) && parts.length == 5) {
        listener.onInvalidate(cache, parts[4]);
      }
    } catch (RuntimeException e) {
      Log.failure("remote tier", "invalidation listener failed", e);
    }
  }

  void stop() {
    stopped = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.forceDisconnect();
      } catch (Exception ignored) {
        // closing anyway
      }
    }
    reader.interrupt();
    heartbeat.interrupt();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      // stop() interrupts: the loops check stopped
    }
  }

  /** A connection in subscribed mode: commands are sent without waiting for a reply. */
  private static final class Push extends Connection {
    Push(HostAndPort address, JedisClientConfig config) {
      super(address, config);
    }

    void send(Protocol.Command command, byte[]... args) {
      sendCommand(command, args);
      flush();
    }
  }
}
