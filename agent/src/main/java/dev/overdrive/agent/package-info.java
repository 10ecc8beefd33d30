/**
 * The agent: {@link dev.overdrive.agent.OverdriveAgent} (system class loader) registers a
 * constant-pool prefilter that costs nothing for classes without our annotations; the first class
 * that mentions them wakes {@link dev.overdrive.agent.AwakeAgent} on the bootstrap path, which
 * plans each annotated method (one {@code MethodPlanner} per annotation, pure), registers the
 * runtime sites once the whole method is accepted, and pastes the advice.
 *
 * <p><b>Not API.</b> Public only where the JVM or the bootstrap path requires it.
 */
package dev.overdrive.agent;
