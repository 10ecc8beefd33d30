/**
 * The write-ahead journal behind {@code @Async(durable = true)}: {@link
 * dev.overdrive.runtime.journal.Journal} (append, complete, dead letters, recovery), {@link
 * dev.overdrive.runtime.journal.Sync} and {@link dev.overdrive.runtime.journal.Backoff}. Payloads
 * are the integrator's bytes (method identity and encoded arguments); the journal never reads, logs
 * or deserializes them.
 *
 * <p><b>Not API.</b> Public only because instrumented classes link against the runtime on the
 * bootstrap class path; may change in any release.
 */
package dev.overdrive.runtime.journal;
