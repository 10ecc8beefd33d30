package dev.overdrive.runtime.async;

import dev.overdrive.runtime.MethodRef;

/**
 * An {@code @Async} method's settings, resolved and validated at transform time.
 *
 * @param method the method
 * @param returnsFuture whether it returns a future (else {@code void})
 * @param executor the executor's name
 */
public record AsyncSpec(MethodRef method, boolean returnsFuture, String executor) {}
