package dev.overdrive.runtime.remote;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Settings of a {@link RemoteTier}. {@link #parse} reads {@code overdrive.redis.uri}; the other
 * values have the defaults of API.md and are set by the caller from the other properties.
 */
public final class RemoteConfig {

  final String host;
  final int port;
  final String user;
  final String password;
  final int database;
  final boolean ssl;

  String prefix = "overdrive";
  int timeoutMillis = 100;
  int maxConnections = 16;
  int breakerThreshold = 5;
  long breakerBackoffMillis = 1_000;
  long breakerMaxBackoffMillis = 10_000;
  long heartbeatMillis = 1_000;
  long silenceMillis = 3_000;
  String jvmId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);

  private RemoteConfig(
      String host, int port, String user, String password, int database, boolean ssl) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
    this.database = database;
    this.ssl = ssl;
  }

  /**
   * {@code redis://[user:password@]host:port[/db]} ({@code rediss://} for TLS).
   *
   * @throws IllegalArgumentException naming what is wrong (never echoing a password)
   */
  public static RemoteConfig parse(String uri) {
    URI u;
    try {
      u = new URI(uri.trim());
    } catch (Exception e) {
      throw new IllegalArgumentException("not a URI: expected redis://host:port[/db]");
    }
    String scheme = u.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("scheme must be redis:// or rediss://, not " + scheme);
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("no host: expected redis://host:port[/db]");
    }
    int port = u.getPort() < 0 ? 6379 : u.getPort();
    String user = null;
    String password = null;
    String info = u.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
      if (password == null) { // redis://secret@host: the old form, a password without a user
        password = user;
        user = null;
      }
      if (user != null && user.isEmpty()) {
        user = null;
      }
    }
    int db = 0;
    String path = u.getPath();
    if (path != null && path.length() > 1) {
      try {
        db = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("database must be a number: " + path.substring(1));
      }
    }
    return new RemoteConfig(u.getHost(), port, user, password, db, "rediss".equals(scheme));
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** {@code overdrive.redis.prefix}: namespace of keys and of the invalidation channel. */
  public RemoteConfig prefix(String prefix) {
    this.prefix = prefix;
    return this;
  }

  /** {@code overdrive.redis.timeout}: the whole budget of one call, waiting included. */
  public RemoteConfig timeoutMillis(int millis) {
    this.timeoutMillis = Math.max(1, millis);
    return this;
  }

  /** Connections to Redis: at most this many commands are in flight at once. */
  public RemoteConfig maxConnections(int n) {
    this.maxConnections = Math.max(1, n);
    return this;
  }

  /** Consecutive failures that open the breaker, its first backoff and its longest. */
  public RemoteConfig breaker(int threshold, long backoffMillis, long maxBackoffMillis) {
    this.breakerThreshold = threshold;
    this.breakerBackoffMillis = backoffMillis;
    this.breakerMaxBackoffMillis = maxBackoffMillis;
    return this;
  }

  /**
   * The subscription is pinged every {@code intervalMillis}; silent for {@code silenceMillis} (no
   * message, no pong), it counts as lost.
   */
  public RemoteConfig heartbeat(long intervalMillis, long silenceMillis) {
    this.heartbeatMillis = Math.max(1, intervalMillis);
    this.silenceMillis = Math.max(intervalMillis, silenceMillis);
    return this;
  }

  /** This JVM's id on the invalidation channel (random by default): its own echo is ignored. */
  public RemoteConfig jvmId(String id) {
    if (id.indexOf('|') >= 0) {
      throw new IllegalArgumentException("a JVM id has no '|'");
    }
    this.jvmId = id;
    return this;
  }

  @Override
  public String toString() { // no password
    return (ssl ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
  }
}
