package dev.overdrive.runtime.async;

import dev.overdrive.runtime.MethodRef;

/**
 * An {@code @Async} method's settings, resolved and validated at transform time.
 *
 * @param method the method
 * @param returnsFuture whether it returns a future (else {@code void})
 * @param executor the executor's name
 * @param orderBy the parameter whose equal values run one at a time in call order, or -1
 * @param durable whether calls are journaled before they return and run again after a crash
 * @param argumentPackages the packages of the parameters' declared types, which a durable call's
 *     arguments may be decoded from (beside the JDK's value packages)
 */
public record AsyncSpec(
    MethodRef method,
    boolean returnsFuture,
    String executor,
    int orderBy,
    boolean durable,
    java.util.List<String> argumentPackages) {

  public AsyncSpec {
    argumentPackages = java.util.List.copyOf(argumentPackages);
  }

  /** A plain or ordered {@code @Async} method. */
  public AsyncSpec(MethodRef method, boolean returnsFuture, String executor, int orderBy) {
    this(method, returnsFuture, executor, orderBy, false, java.util.List.of());
  }
}
