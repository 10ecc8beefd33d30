/**
 * Classes defined in a child of the application's class loader, because they must see the
 * application's own libraries (Micrometer, SLF4J's MDC) that the bootstrap path cannot.
 *
 * <p><b>Not API.</b> These types are public only because instrumented classes, in every class
 * loader, must link against the runtime, which therefore lives on the bootstrap class path. They
 * may change in any release. The only types meant for users are the annotations and the two SPIs
 * ({@code dev.overdrive.AsyncFailureHandler}, {@code dev.overdrive.ContextCarrier}) in the
 * annotations jar; {@link dev.overdrive.runtime.Dispatch} is the one runtime type advice calls.
 */
package dev.overdrive.runtime.bridge;
