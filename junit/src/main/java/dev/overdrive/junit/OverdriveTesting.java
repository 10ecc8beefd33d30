package dev.overdrive.junit;

import dev.overdrive.Overdrive;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.function.Executable;

/**
 * Counts for assertions: how many times a cached body ran, or how many bulk calls a batch made,
 * while some code ran.
 *
 * <pre>{@code
 * assertEquals(1, OverdriveTesting.bodyRuns("owners", () -> { svc.name(1); svc.name(1); }));
 * assertEquals(1, OverdriveTesting.bulkCalls("com.acme.Repo#find", () -> loadTenConcurrently()));
 * }</pre>
 */
public final class OverdriveTesting {

  private OverdriveTesting() {}

  /** Times the bodies of the caches named {@code cache} ran during {@code action}. */
  public static long bodyRuns(String cache, Executable action) throws Throwable {
    long before = Overdrive.cacheStats(cache).loads();
    action.execute();
    return Overdrive.cacheStats(cache).loads() - before;
  }

  /**
   * Bulk calls the {@code @Batched} method {@code Class#method} made during {@code action} (pending
   * batches are sent before counting).
   */
  public static long bulkCalls(String method, Executable action) throws Throwable {
    long before = Overdrive.bulkCalls(method);
    action.execute();
    Overdrive.flushBatches();
    Overdrive.awaitIdle(Duration.ofSeconds(10));
    return Overdrive.bulkCalls(method) - before;
  }

  /**
   * Waits for {@code @Async}, {@code @Parallel} and bulk work to finish, at most {@code timeout}.
   *
   * @throws AssertionError when work is still running then
   */
  public static void awaitIdle(Duration timeout) {
    if (!Overdrive.awaitIdle(timeout)) {
      throw new AssertionError("Overdrive's executors were still busy after " + timeout);
    }
  }

  /** {@code 10s}, {@code 500ms}, {@code 0} or ISO-8601, as the annotations' durations. */
  static Duration duration(String text) {
    String s = text.trim();
    if (s.equals("0") || s.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)));
      }
      return Duration.parse(s);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          "@OverdriveTest awaitIdle: \""
              + text
              + "\" is not a duration (use 500ms, 10s or ISO-8601)");
    }
  }
}
