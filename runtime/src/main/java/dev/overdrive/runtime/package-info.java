/**
 * The runtime behind the advice: {@link dev.overdrive.runtime.Dispatch}, the one facade pasted
 * advice calls, and per-method sites found by the int id bound into the advice ({@link
 * dev.overdrive.runtime.SiteTable}), tied to their class's lifetime ({@link
 * dev.overdrive.runtime.Lifecycle}).
 *
 * <p><b>Not API.</b> These types are public only because instrumented classes, in every class
 * loader, must link against the runtime, which therefore lives on the bootstrap class path. They
 * may change in any release. The only types meant for users are the annotations and the two SPIs
 * ({@code dev.overdrive.AsyncFailureHandler}, {@code dev.overdrive.ContextCarrier}) in the
 * annotations jar; {@link dev.overdrive.runtime.Dispatch} is the one runtime type advice calls.
 */
package dev.overdrive.runtime;
