package dev.overdrive.runtime.batch;

import dev.overdrive.runtime.MethodRef;

/**
 * A {@code @Batched} method's settings, resolved and validated at transform time.
 *
 * @param method the single-key method
 * @param via the bulk method it is answered by
 * @param keys what the bulk method takes
 * @param values what the bulk method returns
 * @param maxSize most keys in one bulk call
 * @param maxDelayNanos longest a call waits for companions
 * @param returnsFuture whether the method returns a future of its value
 * @param returnsPrimitive whether it returns a primitive: a key the bulk result lacks has no value
 *     to give
 */
public record BatchSpec(
    MethodRef method,
    MethodRef via,
    Keys keys,
    Values values,
    int maxSize,
    long maxDelayNanos,
    boolean returnsFuture,
    boolean returnsPrimitive) {

  /** What the bulk method takes. */
  public enum Keys {
    LIST,
    SET
  }

  /** What the bulk method returns. */
  public enum Values {
    MAP,
    LIST
  }

  public String describe() {
    return "@Batched via="
        + via.methodName()
        + " maxSize="
        + maxSize
        + " maxDelay="
        + java.time.Duration.ofNanos(maxDelayNanos)
        + (returnsFuture ? " (future)" : "");
  }
}
