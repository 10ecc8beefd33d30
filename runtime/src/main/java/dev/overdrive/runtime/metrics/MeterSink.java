package dev.overdrive.runtime.metrics;

import java.util.List;
import java.util.function.DoubleConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Where the runtime's meters go, in JDK types only. The runtime counts with its own striped
 * counters (or Caffeine's) and a sink lets the application's Micrometer read them when it scrapes,
 * so recording costs the hot path nothing beyond the count itself. Meters hold their {@code state}
 * weakly; each registration adds to {@code removers} what unregisters it.
 */
public interface MeterSink {

  /** A monotonically increasing count read from {@code state} by {@code count}. */
  <T> void counter(
      String name,
      String description,
      T state,
      ToDoubleFunction<T> count,
      List<Runnable> removers,
      String... tags);

  /** A current value read from {@code state} by {@code value}. */
  <T> void gauge(
      String name,
      String description,
      T state,
      ToDoubleFunction<T> value,
      List<Runnable> removers,
      String... tags);

  /**
   * A timer read from {@code state}: {@code count} events that took {@code totalNanos} in all (both
   * monotonically increasing).
   */
  <T> void timer(
      String name,
      String description,
      T state,
      ToLongFunction<T> count,
      ToDoubleFunction<T> totalNanos,
      List<Runnable> removers,
      String... tags);

  /** A distribution summary; the returned consumer records one observation. */
  DoubleConsumer summary(String name, String description, List<Runnable> removers, String... tags);
}
