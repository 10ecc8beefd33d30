package dev.overdrive.runtime.exec;

import dev.overdrive.runtime.config.Config;

/**
 * An executor's settings from {@code overdrive.executor.<name>.threads}, {@code .queue} and {@code
 * .virtual} ({@link Config}). The {@code default} and {@code batch} executors need no properties;
 * any other name must be configured, so that a misspelt name is caught instead of silently sharing
 * a pool.
 */
record ExecutorConfig(int threads, int queue, boolean virtual) {

  private static final int DEFAULT_QUEUE = 10_000;

  /**
   * Reads the properties of executor {@code name}.
   *
   * @throws IllegalArgumentException naming the property and what is wrong with it
   */
  static ExecutorConfig read(String name, Config config) {
    String threads = Config.executor(name, "threads");
    String queue = Config.executor(name, "queue");
    String virtual = Config.executor(name, "virtual");
    boolean builtIn = name.equals(Config.DEFAULT_EXECUTOR) || name.equals(Config.BATCH_EXECUTOR);
    if (!builtIn && !config.isSet(threads) && !config.isSet(queue) && !config.isSet(virtual)) {
      throw new IllegalArgumentException(
          "executor \""
              + name
              + "\" is not configured: set -D"
              + threads
              + "=N (and optionally .queue=N) or -D"
              + virtual
              + "=true");
    }
    boolean isVirtual = config.bool(virtual, false);
    if (isVirtual && !VirtualThreads.supported()) {
      throw new IllegalArgumentException(
          virtual + "=true needs Java 21 or later, this is " + Runtime.version().feature());
    }
    int processors = Runtime.getRuntime().availableProcessors();
    // Bulk calls wait on I/O: a few more threads than cores, so one slow call holds up no other.
    int defaultThreads =
        name.equals(Config.BATCH_EXECUTOR) ? Math.max(8, 2 * processors) : processors;
    return new ExecutorConfig(
        config.integer(threads, defaultThreads, 1),
        config.integer(queue, DEFAULT_QUEUE, 0),
        isVirtual);
  }
}
