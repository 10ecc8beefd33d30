package dev.overdrive.runtime.async;

import dev.overdrive.runtime.MethodRef;

/**
 * An {@code @Async} method's settings, resolved and validated at transform time.
 *
 * @param method the method
 * @param returnsFuture whether it returns a future (else {@code void})
 * @param executor the executor's name
 * @param orderBy the parameter whose equal values run one at a time in call order, or -1
 */
public record AsyncSpec(MethodRef method, boolean returnsFuture, String executor, int orderBy) {}
