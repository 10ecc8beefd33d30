package dev.overdrive.runtime.config;

import dev.overdrive.runtime.Log;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

/**
 * Every {@code overdrive.*} property: its name, its default, how it is parsed and what it does, in
 * one place ({@link #PROPERTIES} is what README's configuration table lists, and a test holds the
 * two together). One rule per kind of value, each naming the property in its message:
 *
 * <ul>
 *   <li>booleans are {@code true} or {@code false}, any case; anything else is told once and the
 *       default used, so a typo never switches a feature the other way;
 *   <li>durations take the annotations' forms ({@link Durations});
 *   <li>numbers are decimal integers with a floor.
 * </ul>
 *
 * A malformed duration or number throws where it decides something the user must fix (an executor's
 * size, reported against the method that names it) and is told and defaulted where it only tunes
 * (the shutdown timeout).
 *
 * <p>A property not set as a system property is read from the {@code application.properties} or
 * {@code application.yml} of the application that woke the agent ({@link ApplicationProperties}),
 * so a Spring Boot service keeps its settings where it keeps the rest.
 *
 * <p>The agent's entry point reads {@code overdrive.enabled} and {@code overdrive.report} itself,
 * by the same rule, because it runs before this class may be loaded (it must not wake the agent).
 */
public final class Config {

  /** One documented property. */
  public record Property(String name, String defaultValue, String effect) {}

  public static final String ENABLED = "overdrive.enabled";
  public static final String DISABLE = "overdrive.disable";
  public static final String REPORT = "overdrive.report";
  public static final String METRICS_ENABLED = "overdrive.metrics.enabled";
  public static final String SHUTDOWN_TIMEOUT = "overdrive.shutdown.timeout";
  public static final String ASYNC_LANES = "overdrive.async.lanes";
  public static final String JOURNAL_DIR = "overdrive.journal.dir";
  public static final String JOURNAL_SYNC = "overdrive.journal.sync";
  public static final String JOURNAL_MAX_ATTEMPTS = "overdrive.journal.maxAttempts";
  public static final String JOURNAL_SEGMENT_SIZE = "overdrive.journal.segmentSize";
  public static final String REDIS_URI = "overdrive.redis.uri";
  public static final String REDIS_PREFIX = "overdrive.redis.prefix";
  public static final String REDIS_TIMEOUT = "overdrive.redis.timeout";
  public static final String REDIS_COMPRESS_ABOVE = "overdrive.redis.compressAbove";
  public static final String REDIS_SERIAL_FILTER = "overdrive.redis.serialFilter";
  public static final String REMOTE_ENABLED = "overdrive.remote.enabled";

  /** The executor {@code @Batched} bulk calls run on; configured like any other. */
  public static final String BATCH_EXECUTOR = "batch";

  /** The executor {@code @Async} and {@code @Parallel} use when they name none. */
  public static final String DEFAULT_EXECUTOR = "default";

  /** Every property a user may set, in README's order. */
  public static final List<Property> PROPERTIES =
      List.of(
          new Property(ENABLED, "true", "false: the agent transforms nothing"),
          new Property(
              feature(Settings.Feature.CACHED),
              "true",
              "false: @Cached and @CacheInvalidate methods run as plain code"),
          new Property(
              feature(Settings.Feature.BATCHED),
              "true",
              "false: @Batched methods run as plain code"),
          new Property(
              feature(Settings.Feature.ASYNC), "true", "false: @Async methods run as plain code"),
          new Property(
              feature(Settings.Feature.PARALLEL),
              "true",
              "false: @Parallel methods run as plain code"),
          new Property(DISABLE, "", "comma-separated Class#method or Class#* left as plain code"),
          new Property(REPORT, "false", "true: print each instrumented method as its class loads"),
          new Property(METRICS_ENABLED, "true", "false: record no metrics even with Micrometer"),
          new Property(
              executor("<name>", "threads"),
              "processors (batch: max(8, 2 x processors))",
              "threads of that executor"),
          new Property(
              executor("<name>", "queue"), "10000", "queue capacity; 0 hands off directly"),
          new Property(
              executor("<name>", "virtual"), "false", "true (Java 21+): a virtual thread per task"),
          new Property(SHUTDOWN_TIMEOUT, "10s", "how long queued work may take at shutdown"),
          new Property(
              ASYNC_LANES,
              "256",
              "lanes per @Async(orderBy) method; keys sharing a lane run one at a time"),
          new Property(JOURNAL_DIR, "overdrive-journal", "where durable calls are journaled"),
          new Property(
              JOURNAL_SYNC,
              "batch",
              "always: fsync each record; batch: group commit; none: the OS decides"),
          new Property(
              JOURNAL_MAX_ATTEMPTS,
              "5",
              "runs of a durable call that throws before it is kept as dead"),
          new Property(JOURNAL_SEGMENT_SIZE, "16777216", "bytes of a journal segment file"),
          new Property(
              REDIS_URI,
              "unset",
              "redis://[user:password@]host:port[/db] (rediss:// for"
                  + " TLS) of the remote tier; unset: remote caches run local-only"),
          new Property(
              REDIS_PREFIX,
              "overdrive",
              "namespace of keys (<prefix>:<cache>:<key>) and of the invalidation channel"),
          new Property(
              REDIS_TIMEOUT,
              "100ms",
              "a Redis command slower than this counts as failed: the call goes on without Redis"),
          new Property(
              REDIS_COMPRESS_ABOVE,
              "1024",
              "encoded values above this many bytes are LZ4-compressed when that saves space"),
          new Property(
              REDIS_SERIAL_FILTER,
              "",
              "extra ObjectInputFilter patterns (;-separated) allowed when decoding values"),
          new Property(REMOTE_ENABLED, "true", "false: remote caches behave as local ones"));

  private static volatile Config current;

  /** Read first: the system properties, as they are when asked. */
  private final Properties properties;

  /** Read when a property is not set there: the application's own files. */
  private final Properties application;

  public Config(Properties properties) {
    this(properties, new Properties());
  }

  private Config(Properties properties, Properties application) {
    this.properties = properties;
    this.application = application;
  }

  /**
   * The system properties, then the {@code application.properties} / {@code .yml} of the class
   * loader that woke the agent ({@link ApplicationProperties}). Called once, at wake-up; from then
   * on {@link #system()} reads both.
   */
  public static Config wake(ClassLoader loader) {
    Config c = over(System.getProperties(), loader);
    current = c;
    return c;
  }

  /** {@code system} over the application files {@code loader} sees. */
  static Config over(Properties system, ClassLoader loader) {
    return new Config(system, ApplicationProperties.read(loader));
  }

  /** The system properties as they are now, over the application's files once the agent woke. */
  public static Config system() {
    Config c = current;
    return c != null ? c : new Config(System.getProperties());
  }

  /** {@code overdrive.<feature>.enabled}. */
  public static String feature(Settings.Feature feature) {
    return "overdrive." + feature.name().toLowerCase(Locale.ROOT) + ".enabled";
  }

  /** {@code overdrive.executor.<name>.<setting>}. */
  public static String executor(String name, String setting) {
    return "overdrive.executor." + name + "." + setting;
  }

  /** The raw value, trimmed, or {@code null} when unset. */
  public String raw(String name) {
    String value = value(name);
    return value == null ? null : value.trim();
  }

  public boolean isSet(String name) {
    return value(name) != null;
  }

  private String value(String name) {
    String value = properties.getProperty(name);
    return value != null ? value : application.getProperty(name);
  }

  /** {@code true} or {@code false} in any case; unset or anything else gives {@code fallback}. */
  public boolean bool(String name, boolean fallback) {
    String value = raw(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    Log.warn(name, "\"" + value + "\" is neither true nor false; using " + fallback);
    return fallback;
  }

  /**
   * A duration, or {@code fallback} when unset or empty.
   *
   * @throws IllegalArgumentException naming the property, when it is malformed
   */
  public Duration duration(String name, Duration fallback) {
    String value = raw(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      Duration d = Durations.parse(value);
      return d == null ? fallback : d;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }

  /** As {@link #duration}, but a malformed value is told and {@code fallback} used. */
  public Duration durationOrDefault(String name, Duration fallback) {
    try {
      return duration(name, fallback);
    } catch (IllegalArgumentException e) {
      Log.warn(name, e.getMessage().substring(name.length() + 2) + "; using " + fallback);
      return fallback;
    }
  }

  /**
   * An integer of at least {@code min}, or {@code fallback} when unset.
   *
   * @throws IllegalArgumentException {@code name=value is not ...}, when it is not
   */
  public int integer(String name, int fallback, int min) {
    String value = raw(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // told below
    }
    throw new IllegalArgumentException(
        name
            + "="
            + value(name)
            + " is not "
            + (min == 0 ? "a number >= 0" : min == 1 ? "a positive number" : "a number >= " + min));
  }

  /** A comma-separated list, blanks dropped; empty when unset. */
  public Set<String> list(String name) {
    String value = raw(name);
    if (value == null) {
      return Set.of();
    }
    Set<String> entries = new LinkedHashSet<>();
    for (String entry : value.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return Collections.unmodifiableSet(entries);
  }

  /**
   * Every property, system first, for {@code ${property:default}} in annotation attributes: a
   * snapshot, since attributes are resolved as classes load.
   */
  public Properties properties() {
    Properties all = new Properties();
    all.putAll(application);
    all.putAll(properties);
    return all;
  }
}
