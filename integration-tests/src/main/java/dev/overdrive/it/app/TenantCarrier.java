package dev.overdrive.it.app;

import dev.overdrive.ContextCarrier;

/** Registered through ServiceLoader: carries {@link #TENANT} to @Async and @Parallel threads. */
public final class TenantCarrier implements ContextCarrier {

  public static final ThreadLocal<String> TENANT = new ThreadLocal<>();

  @Override
  public Object capture() {
    return TENANT.get();
  }

  @Override
  public Object restore(Object captured) {
    String previous = TENANT.get();
    TENANT.set((String) captured);
    return previous;
  }

  @Override
  public void reset(Object previous) {
    TENANT.set((String) previous);
  }
}
