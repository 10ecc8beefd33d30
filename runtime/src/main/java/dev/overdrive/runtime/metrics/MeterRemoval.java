package dev.overdrive.runtime.metrics;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;

/**
 * Unregisters one meter from its registry, holding both weakly and reaching Micrometer by
 * reflection. It runs on the cleaner's thread after a site is collected, and whatever it holds
 * until then stays reachable: it must pin neither the bridge that registered the meter nor, when
 * Micrometer itself belongs to the undeployed application, that application's registry.
 */
public final class MeterRemoval implements Runnable {

  private final WeakReference<Object> registry;
  private final WeakReference<Object> meter;

  public MeterRemoval(Object registry, Object meter) {
    this.registry = new WeakReference<>(registry);
    this.meter = new WeakReference<>(meter);
  }

  @Override
  public void run() {
    Object r = registry.get();
    Object m = meter.get();
    if (r == null || m == null) {
      return; // the registry went with its application
    }
    try {
      Class<?> meterType =
          Class.forName(
              "io.micrometer.core.instrument.Meter", false, r.getClass().getClassLoader());
      Method remove = r.getClass().getMethod("remove", meterType);
      remove.invoke(r, m);
    } catch (ReflectiveOperationException | LinkageError e) {
      // an unknown Micrometer: the meter stays registered, reading its collected state as NaN
    }
  }
}
