/**
 * {@code @Batched}: a wait-free intake of keys per instance, batches closed by size, quiet gap or
 * deadline, and one bulk call per batch on the {@code batch} executor.
 *
 * <p><b>Not API.</b> These types are public only because instrumented classes, in every class
 * loader, must link against the runtime, which therefore lives on the bootstrap class path. They
 * may change in any release. The only types meant for users are the annotations and the two SPIs
 * ({@code dev.overdrive.AsyncFailureHandler}, {@code dev.overdrive.ContextCarrier}) in the
 * annotations jar; {@link dev.overdrive.runtime.Dispatch} is the one runtime type advice calls.
 */
package dev.overdrive.runtime.batch;
