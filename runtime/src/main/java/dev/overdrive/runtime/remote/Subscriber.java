package dev.overdrive.runtime.remote;

import dev.overdrive.runtime.Log;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.BinaryJedisPubSub;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Protocol;

/**
 * Keeps the invalidation subscription of a {@link RemoteTier}: one daemon thread subscribed to
 * {@code <prefix>:invalidate}, one daemon heartbeat thread.
 *
 * <p>Design. Messages are {@code 1|<jvm id>|<escaped cache>|k|<encoded key>} or
 * {@code 1|<jvm id>|<escaped cache>|a} (every key); a JVM ignores its own. Jedis reads a
 * subscription without a timeout, so silence is found by the heartbeat thread: every
 * {@code heartbeat} it sends PING on the subscription (Redis answers with a pong through the
 * same channel path) and, if nothing (message or pong) was heard for {@code silence}, it closes
 * the connection, which ends the blocked read; a proxy or network that silently drops traffic
 * is detected within {@code silence} plus one check (a quarter of the heartbeat). The
 * subscriber thread then reports {@link InvalidationListener#onPossiblyMissedInvalidations} and
 * connects again, with a backoff of 50 ms doubling to the heartbeat interval, forever; it
 * reports again once subscribed, since whatever was published in between was missed. While the
 * tier's breaker is open, the heartbeat also probes Redis, so the breaker closes by itself when
 * Redis is back even if no caller calls.
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
  private volatile Connection connection;
  private volatile Channel pubsub;
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
      Connection c = null;
      try {
        int timeout = tier.config.timeoutMillis;
        c = new Connection(tier.address(), tier.clientConfig(timeout, timeout));
        c.connect();
        connection = c;
        Channel channel = new Channel();
        pubsub = channel;
        lastHeard = System.nanoTime();
        channel.proceed(c, tier.channel); // returns when unsubscribed, throws when lost
      } catch (RuntimeException e) {
        // refused, reset, or closed by the heartbeat: reconnect below
      } finally {
        pubsub = null;
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

  private void heartbeatLoop() {
    long checkNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), heartbeatNanos / 4);
    long nextPing = System.nanoTime();
    while (!stopped) {
      sleep(TimeUnit.NANOSECONDS.toMillis(checkNanos));
      long now = System.nanoTime();
      Channel channel = pubsub;
      Connection c = connection;
      if (channel != null && c != null && now - lastHeard > silenceNanos) {
        try {
          c.forceDisconnect(); // the reader's blocked read ends; it reconnects
        } catch (Exception ignored) {
          // already closed
        }
      } else if (channel != null && subscribed && now - nextPing >= 0) {
        nextPing = now + heartbeatNanos;
        try {
          channel.ping();
        } catch (RuntimeException e) {
          // a broken connection: the reader sees it too
        }
      }
      if (!tier.breaker.closed() && now - nextProbe >= 0) {
        nextProbe = now + heartbeatNanos;
        tier.call(conn -> {
          conn.sendCommand(Protocol.Command.PING);
          return conn.getStatusCodeReply();
        }, null);
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
    String m = new String(raw, StandardCharsets.UTF_8);
    if (m.startsWith(ownPrefix)) {
      return; // our own invalidation, already applied locally
    }
    String[] parts = m.split("\\|", 5);
    if (parts.length < 4 || !"1".equals(parts[0])) {
      return; // a format from a newer version: it will resend in a form we do not know
    }
    tier.counters.invalidationsReceived.increment();
    String cache = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
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

  /** The subscription's callbacks, on the reader thread. */
  private final class Channel extends BinaryJedisPubSub {
    @Override
    public void onSubscribe(byte[] channel, int count) {
      lastHeard = System.nanoTime();
      subscribed = true;
      // Anything published before this moment (while we were away, or since the tier started
      // and a caller may already have read values from Redis) was not heard.
      missed();
    }

    @Override
    public void onMessage(byte[] channel, byte[] message) {
      lastHeard = System.nanoTime();
      dispatch(message);
    }

    @Override
    public void onPong(byte[] pattern) {
      lastHeard = System.nanoTime();
    }
  }
}
