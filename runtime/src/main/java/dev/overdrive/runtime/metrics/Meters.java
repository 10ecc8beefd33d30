package dev.overdrive.runtime.metrics;

import dev.overdrive.runtime.Bridges;
import dev.overdrive.runtime.Log;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the application's Micrometer for a class loader and binds a
 * {@code bridge.MicrometerSink} to it. Without Micrometer the answer is {@code null} and nothing is counted.
 */
public final class Meters {

  private static final String MICROMETER = "io/micrometer/core/instrument/Metrics.class";

  /** Sinks by application class loader; a loader without Micrometer maps to {@code null}. */
  private static final Map<ClassLoader, MeterSink> SINKS = new WeakHashMap<>();

  /** {@code -Doverdrive.metrics.enabled=false} records nothing even where Micrometer is present. */
  private static final boolean ENABLED =
      !"false".equalsIgnoreCase(System.getProperty("overdrive.metrics.enabled", "").trim());

  private Meters() {}

  /**
   * Whether meters are recorded for classes of {@code loader}: metrics are on and the loader
   * sees Micrometer. Looks up a resource, loads no class.
   */
  public static boolean available(ClassLoader loader) {
    return ENABLED && loader != null && loader.getResource(MICROMETER) != null;
  }

  /** The sink writing to the Micrometer {@code loader} sees, or {@code null} if it sees none. */
  public static synchronized MeterSink sinkFor(ClassLoader loader) {
    if (loader == null) {
      return null;
    }
    if (SINKS.containsKey(loader)) {
      return SINKS.get(loader);
    }
    MeterSink sink = null;
    if (available(loader)) {
      try {
        sink = Bridges.create(loader, "MicrometerSink", MeterSink.class);
      } catch (ReflectiveOperationException | LinkageError e) {
        Log.warn("metrics", "cannot bind to the application's Micrometer, metrics off: " + e);
      }
    }
    SINKS.put(loader, sink);
    return sink;
  }
}
