package dev.overdrive.runtime.batch;

import dev.overdrive.runtime.MethodRef;

/** A {@code @Batched} method's settings, resolved and validated at transform time. Immutable. */
public final class BatchSpec {

  /** What the bulk method takes. */
  public enum Keys { LIST, SET }

  /** What the bulk method returns. */
  public enum Values { MAP, LIST }

  final MethodRef method;
  final MethodRef via;
  final Keys keys;
  final Values values;
  final int maxSize;
  final long maxDelayNanos;
  final boolean returnsFuture;
  /** The method returns a primitive: a key the bulk result lacks has no value to give. */
  final boolean returnsPrimitive;

  public BatchSpec(MethodRef method, MethodRef via, Keys keys, Values values, int maxSize,
      long maxDelayNanos, boolean returnsFuture, boolean returnsPrimitive) {
    this.method = method;
    this.via = via;
    this.keys = keys;
    this.values = values;
    this.maxSize = maxSize;
    this.maxDelayNanos = maxDelayNanos;
    this.returnsFuture = returnsFuture;
    this.returnsPrimitive = returnsPrimitive;
  }

  public String describe() {
    return "@Batched via=" + via.methodName() + " maxSize=" + maxSize + " maxDelay="
        + java.time.Duration.ofNanos(maxDelayNanos) + (returnsFuture ? " (future)" : "");
  }
}
