package dev.overdrive.runtime.bridge;

import dev.overdrive.runtime.metrics.MeterSink;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.function.DoubleConsumer;
import java.util.function.ToDoubleFunction;

/**
 * The application's Micrometer, seen through {@link MeterSink}. Never loaded by the class loader
 * that holds the runtime: {@link Meters} defines it in a small child of the application's class
 * loader, so it links against the application's own Micrometer, whatever its version.
 */
public final class MicrometerSink implements MeterSink {

  private final MeterRegistry registry = Metrics.globalRegistry;

  @Override
  public <T> void counter(String name, String description, T state, ToDoubleFunction<T> count,
      String... tags) {
    FunctionCounter.builder(name, state, count).description(description).tags(tags)
        .register(registry);
  }

  @Override
  public <T> void gauge(String name, String description, T state, ToDoubleFunction<T> value,
      String... tags) {
    Gauge.builder(name, state, value).description(description).tags(tags).strongReference(true)
        .register(registry);
  }

  @Override
  public DoubleConsumer summary(String name, String description, String... tags) {
    DistributionSummary summary =
        DistributionSummary.builder(name).description(description).tags(tags).register(registry);
    return summary::record;
  }
}
