package dev.overdrive.runtime.metrics;

import dev.overdrive.runtime.Bridges;
import dev.overdrive.runtime.Lifecycle;
import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.config.Config;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the application's Micrometer for a class loader and binds a {@code bridge.MicrometerSink}
 * to it. Without Micrometer the answer is {@code null} and nothing is counted.
 */
public final class Meters {

  private static final String MICROMETER = "io/micrometer/core/instrument/Metrics.class";

  /** {@code -Doverdrive.metrics.enabled=false} records nothing even where Micrometer is present. */
  private static final boolean ENABLED = Config.system().bool(Config.METRICS_ENABLED, true);

  /**
   * Sinks by application class loader, held weakly both ways: a sink's class belongs to a child of
   * its loader, so a strong value would keep the key alive. Sites hold their sink.
   */
  private static final Map<ClassLoader, WeakReference<MeterSink>> SINKS = new WeakHashMap<>();

  private Meters() {}

  /**
   * Whether meters are recorded for classes of {@code loader}: metrics are on and the loader sees
   * Micrometer. Looks up a resource, loads no class.
   */
  public static boolean available(ClassLoader loader) {
    return ENABLED && loader != null && loader.getResource(MICROMETER) != null;
  }

  /** The sink writing to the Micrometer {@code loader} sees, or {@code null} if it sees none. */
  public static synchronized MeterSink sinkFor(ClassLoader loader) {
    if (!available(loader)) {
      return null;
    }
    WeakReference<MeterSink> known = SINKS.get(loader);
    MeterSink sink = known == null ? null : known.get();
    if (sink == null) {
      try {
        sink = Bridges.create(loader, "MicrometerSink", MeterSink.class);
        SINKS.put(loader, new WeakReference<>(sink));
      } catch (ReflectiveOperationException | LinkageError e) {
        Log.warn("metrics", "cannot bind to the application's Micrometer, metrics off: " + e);
      }
    }
    return sink;
  }

  /** Unregisters a site's meters once the site is collected (its class unloaded). */
  public static void removeWhenCollected(Object site, List<Runnable> removers) {
    Lifecycle.whenCollected(
        site,
        () -> {
          for (Runnable remove : removers) {
            remove.run();
          }
        });
  }
}
