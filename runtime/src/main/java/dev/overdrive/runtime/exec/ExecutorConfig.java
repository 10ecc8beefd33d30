package dev.overdrive.runtime.exec;

import java.util.Properties;

/**
 * An executor's settings from {@code overdrive.executor.<name>.threads}, {@code .queue} and
 * {@code .virtual}. Immutable. The {@code default} and {@code batch} executors need no
 * properties; any other name must be configured, so that a misspelt name is caught instead of
 * silently sharing a pool.
 */
final class ExecutorConfig {

  static final String DEFAULT = "default";
  /** Runs {@code @Batched} bulk calls; needs no configuration either. */
  static final String BATCH = "batch";
  private static final int DEFAULT_QUEUE = 10_000;

  private final int threads;
  private final int queue;
  private final boolean virtual;

  private ExecutorConfig(int threads, int queue, boolean virtual) {
    this.threads = threads;
    this.queue = queue;
    this.virtual = virtual;
  }

  /**
   * Reads the properties of executor {@code name}.
   *
   * @throws IllegalArgumentException naming the property and what is wrong with it
   */
  static ExecutorConfig read(String name, Properties p) {
    String prefix = "overdrive.executor." + name + ".";
    String threads = p.getProperty(prefix + "threads");
    String queue = p.getProperty(prefix + "queue");
    String virtual = p.getProperty(prefix + "virtual");
    if (!name.equals(DEFAULT) && !name.equals(BATCH) && threads == null && queue == null && virtual == null) {
      throw new IllegalArgumentException("executor \"" + name + "\" is not configured: set -D"
          + prefix + "threads=N (and optionally ." + "queue=N) or -D" + prefix + "virtual=true");
    }
    boolean isVirtual = virtual != null && Boolean.parseBoolean(virtual.trim());
    if (isVirtual && !VirtualThreads.supported()) {
      throw new IllegalArgumentException(prefix + "virtual=true needs Java 21 or later, this is "
          + Runtime.version().feature());
    }
    int processors = Runtime.getRuntime().availableProcessors();
    // Bulk calls wait on I/O: a few more threads than cores, so one slow call holds up no other.
    int defaultThreads = name.equals(BATCH) ? Math.max(8, 2 * processors) : processors;
    return new ExecutorConfig(number(prefix + "threads", threads, defaultThreads, 1),
        number(prefix + "queue", queue, DEFAULT_QUEUE, 0), isVirtual);
  }

  private static int number(String property, String value, int fallback, int min) {
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(property + "=" + value + " is not "
        + (min == 0 ? "a number >= 0" : "a positive number"));
  }

  int threads() {
    return threads;
  }

  int queue() {
    return queue;
  }

  boolean virtual() {
    return virtual;
  }
}
