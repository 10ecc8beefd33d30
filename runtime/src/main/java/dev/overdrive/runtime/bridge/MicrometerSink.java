package dev.overdrive.runtime.bridge;

import dev.overdrive.runtime.metrics.MeterRemoval;
import dev.overdrive.runtime.metrics.MeterSink;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleConsumer;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * The application's Micrometer, seen through {@link MeterSink}. Never loaded by the class loader
 * that holds the runtime: {@link dev.overdrive.runtime.Bridges} defines it in a small child of the
 * application's class loader, so it links against the application's own Micrometer.
 */
public final class MicrometerSink implements MeterSink {

  private final MeterRegistry registry = Metrics.globalRegistry;

  @Override
  public <T> void counter(
      String name,
      String description,
      T state,
      ToDoubleFunction<T> count,
      List<Runnable> removers,
      String... tags) {
    removable(
        FunctionCounter.builder(name, state, count)
            .description(description)
            .tags(tags)
            .register(registry),
        removers);
  }

  @Override
  public <T> void gauge(
      String name,
      String description,
      T state,
      ToDoubleFunction<T> value,
      List<Runnable> removers,
      String... tags) {
    removable(
        Gauge.builder(name, state, value).description(description).tags(tags).register(registry),
        removers);
  }

  @Override
  public <T> void timer(
      String name,
      String description,
      T state,
      ToLongFunction<T> count,
      ToDoubleFunction<T> totalNanos,
      List<Runnable> removers,
      String... tags) {
    removable(
        FunctionTimer.builder(name, state, count, totalNanos, TimeUnit.NANOSECONDS)
            .description(description)
            .tags(tags)
            .register(registry),
        removers);
  }

  @Override
  public DoubleConsumer summary(
      String name, String description, List<Runnable> removers, String... tags) {
    DistributionSummary summary =
        DistributionSummary.builder(name).description(description).tags(tags).register(registry);
    removable(summary, removers);
    return summary::record;
  }

  private void removable(Meter meter, List<Runnable> removers) {
    removers.add(new MeterRemoval(registry, meter)); // no lambda: it would pin this bridge
  }
}
