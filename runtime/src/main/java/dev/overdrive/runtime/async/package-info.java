/**
 * {@code @Async}: calls submitted to a named executor with the caller's context, the body run by
 * calling the method again on the executor's thread.
 *
 * <p><b>Not API.</b> These types are public only because instrumented classes, in every class
 * loader, must link against the runtime, which therefore lives on the bootstrap class path. They
 * may change in any release. The only types meant for users are the annotations and the two SPIs
 * ({@code dev.overdrive.AsyncFailureHandler}, {@code dev.overdrive.ContextCarrier}) in the
 * annotations jar; {@link dev.overdrive.runtime.Dispatch} is the one runtime type advice calls.
 */
package dev.overdrive.runtime.async;
