/**
 * The advice ByteBuddy pastes into annotated methods. These classes are never loaded to run: their
 * bytecode is copied into the application's methods, so every rule here is about code that will
 * live inside someone else's class, in someone else's class loader.
 *
 * <ul>
 *   <li><b>Only {@link dev.overdrive.runtime.Dispatch}.</b> Advice calls the runtime's facade and
 *       nothing else, with JDK types only ({@code int}, {@code Object}, {@code Object[]}, {@code
 *       Class}, {@code Throwable}): the application's loader can link those, and the runtime on the
 *       bootstrap path answers them.
 *   <li><b>No fields, no lambdas, no helper methods, no nested classes.</b> Nothing may be added to
 *       the instrumented class ({@code disableClassFormatChanges()}, so retransformation and other
 *       agents keep working), and a lambda or helper would need exactly that.
 *   <li><b>Per-method state is a constant.</b> The site id is bound at transform time ({@link
 *       dev.overdrive.agent.advice.SiteId}); no lookup by name, no reflection.
 *   <li><b>Exceptions are not suppressed.</b> What the body throws must reach the caller as the
 *       same object, and what the runtime throws is a guarantee at work (a shared single-flight
 *       failure, an interrupted wait): swallowing either would change the method's meaning.
 *   <li><b>Small.</b> Inlined advice counts against the method's size for the JIT's inlining and
 *       the JVM's 64 KiB limit: the hit path stays in the advice, the rest goes to the runtime.
 * </ul>
 */
package dev.overdrive.agent.advice;
