package dev.overdrive.demo.service;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer: a Prometheus registry added to {@code Metrics.globalRegistry}, where Overdrive
 * registers its meters ({@code overdrive.cache.gets}, {@code overdrive.batch.calls}, ...), and the
 * service's own: a timer per endpoint and status, JVM meters, HikariCP's pool meters.
 */
public final class Telemetry implements AutoCloseable {

  private final PrometheusMeterRegistry prometheus;
  private final JvmGcMetrics gc;
  private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

  public Telemetry() {
    prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Metrics.globalRegistry.add(prometheus);
    new JvmMemoryMetrics().bindTo(Metrics.globalRegistry);
    new JvmThreadMetrics().bindTo(Metrics.globalRegistry);
    new ProcessorMetrics().bindTo(Metrics.globalRegistry);
    gc = new JvmGcMetrics();
    gc.bindTo(Metrics.globalRegistry);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return prometheus.scrape();
  }

  /** Records one HTTP request. */
  public void request(String method, String uri, int status, long nanos) {
    String key = method + ' ' + uri + ' ' + status;
    Timer timer = timers.get(key);
    if (timer == null) {
      timer =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("http.server.requests")
                      .description("HTTP requests served")
                      .tag("method", method)
                      .tag("uri", uri)
                      .tag("status", Integer.toString(status))
                      .register(Metrics.globalRegistry));
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    gc.close();
    Metrics.globalRegistry.remove(prometheus);
    prometheus.close();
  }
}
