package dev.overdrive.runtime.bridge;

import dev.overdrive.AsyncFailureHandler;
import dev.overdrive.ContextCarrier;
import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.exec.TaskHooks;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * {@link TaskHooks} for one application class loader: its {@link ContextCarrier}s and {@link
 * AsyncFailureHandler}s found with {@link ServiceLoader}, and SLF4J's MDC when SLF4J is there.
 * Defined inside the application's class loader by {@code Bridges}.
 */
public final class BridgedTaskHooks implements TaskHooks {

  private final ContextCarrier[] carriers;
  private final List<AsyncFailureHandler> handlers = new ArrayList<>();

  public BridgedTaskHooks() {
    ClassLoader application = getClass().getClassLoader().getParent();
    List<ContextCarrier> found = new ArrayList<>();
    if (application.getResource("org/slf4j/MDC.class") != null) {
      found.add(new MdcCarrier());
    }
    for (ContextCarrier c : ServiceLoader.load(ContextCarrier.class, application)) {
      found.add(c);
    }
    this.carriers = found.toArray(new ContextCarrier[0]);
    for (AsyncFailureHandler h : ServiceLoader.load(AsyncFailureHandler.class, application)) {
      handlers.add(h);
    }
  }

  @Override
  public Object capture() {
    if (carriers.length == 0) {
      return null;
    }
    Object[] captured = new Object[carriers.length];
    for (int i = 0; i < carriers.length; i++) {
      captured[i] = carriers[i].capture();
    }
    return captured;
  }

  @Override
  public Object restore(Object captured) {
    if (captured == null) {
      return null;
    }
    Object[] values = (Object[]) captured;
    Object[] previous = new Object[carriers.length];
    for (int i = 0; i < carriers.length; i++) {
      previous[i] = carriers[i].restore(values[i]);
    }
    return previous;
  }

  @Override
  public void reset(Object previous) {
    if (previous == null) {
      return;
    }
    Object[] values = (Object[]) previous;
    for (int i = carriers.length - 1; i >= 0; i--) {
      carriers[i].reset(values[i]);
    }
  }

  @Override
  public void failed(String method, Throwable failure) {
    for (AsyncFailureHandler h : handlers) {
      try {
        h.onFailure(method, failure);
      } catch (Throwable t) {
        Log.failure(method, "AsyncFailureHandler " + h.getClass().getName() + " failed", t);
      }
    }
  }
}
