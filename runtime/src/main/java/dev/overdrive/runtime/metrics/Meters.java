package dev.overdrive.runtime.metrics;

import dev.overdrive.runtime.Log;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Finds the application's Micrometer for a class loader and binds a {@link MicrometerSink} to
 * it. Without Micrometer the answer is {@code null} and nothing is counted.
 */
public final class Meters {

  private static final String MICROMETER = "io/micrometer/core/instrument/Metrics.class";
  private static final String SINK = "dev.overdrive.runtime.metrics.MicrometerSink";

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
        sink = (MeterSink) new SinkLoader(loader, sinkBytes()).loadClass(SINK)
            .getConstructor().newInstance();
      } catch (ReflectiveOperationException | IOException | LinkageError e) {
        Log.warn("metrics", "cannot bind to the application's Micrometer, metrics off: " + e);
      }
    }
    SINKS.put(loader, sink);
    return sink;
  }

  private static byte[] sinkBytes() throws IOException {
    try (InputStream in = Meters.class.getResourceAsStream("MicrometerSink.class")) {
      if (in == null) {
        throw new IOException("MicrometerSink.class missing from the agent");
      }
      return in.readAllBytes();
    }
  }

  /** Defines the sink itself (child first) and leaves everything else to the application. */
  private static final class SinkLoader extends ClassLoader {
    private final byte[] sink;

    SinkLoader(ClassLoader application, byte[] sink) {
      super(application);
      this.sink = sink;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!SINK.equals(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        return c != null ? c : defineClass(name, sink, 0, sink.length);
      }
    }
  }
}
