package dev.overdrive.runtime.bridge;

import dev.overdrive.ContextCarrier;
import java.util.Map;
import org.slf4j.MDC;

/** SLF4J's MDC as a {@link ContextCarrier}; loaded only when the application has SLF4J. */
final class MdcCarrier implements ContextCarrier {

  @Override
  public Object capture() {
    return MDC.getCopyOfContextMap();
  }

  @Override
  public Object restore(Object captured) {
    Map<String, String> previous = MDC.getCopyOfContextMap();
    set(captured);
    return previous;
  }

  @Override
  public void reset(Object previous) {
    set(previous);
  }

  @SuppressWarnings("unchecked")
  private static void set(Object map) {
    if (map == null) {
      MDC.clear();
    } else {
      MDC.setContextMap((Map<String, String>) map);
    }
  }
}
