/**
 * The annotations an application puts on its methods. They are inert on their own: start the JVM
 * with {@code -javaagent:overdrive-agent.jar} and the agent rewrites each annotated method, when
 * its class is loaded, into a cached, batching, async or parallel version of itself.
 *
 * <p>Durations ({@code ttl}, {@code refreshAfter}, {@code maxDelay}) accept {@code 500ms}, {@code
 * 10s}, {@code 5m}, {@code 1h}, {@code 2d} and ISO-8601 ({@code PT10M}). Every string attribute may
 * hold {@code ${property.name:default}}, resolved from system properties when the class is
 * instrumented.
 *
 * <p>A misused annotation never stops the application: the agent prints one line naming {@code
 * Class#method} and what is wrong, and the method runs as plain code.
 */
package dev.overdrive.annotations;
