package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The defects of issue 12 under the real agent, on every JDK under test: each check of {@code
 * ReliabilityScenario} failed before its fix. Here: what the agent said about them.
 */
class ReliabilityIT {

  private static final String APP = "dev.overdrive.it.app.";

  @TestFactory
  Stream<DynamicNode> defectsOfIssue12() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "issue 12 defects",
            true,
            List.of(Jvm.AGENT, "-Doverdrive.report=true", "-Doverdrive.executor.rel.threads=4"),
            APP + "ReliabilityScenario",
            List.of(),
            r -> {
              assertEquals(List.of(), Jvm.matching(r.stderr(), "ERROR"), r.describe());
              assertFalse(
                  Jvm.matching(
                          r.stderr(),
                          "instrumented " + APP + "Fragile#huge(int)",
                          "ttl=PT24000000H jitter=0.5")
                      .isEmpty(),
                  "huge ttl accepted\n" + r.describe());
              assertFalse(
                  Jvm.matching(
                          r.stderr(), "instrumented " + APP + "Fragile#fetch(String)", "@Cached")
                      .isEmpty(),
                  r.describe());
              assertFalse(
                  Jvm.matching(
                          r.stderr(), "instrumented " + APP + "Fragile#fetch(String)", "@Async")
                      .isEmpty(),
                  r.describe());
              // A failed reload: one line per key and kind of failure (eur and usd failing with
              // IllegalStateException, then eur with UncheckedIOException), no argument values.
              List<String> refresh =
                  Jvm.matching(
                      r.stderr(), "WARN " + APP + "Fragile#rate", "fragile.rates", "refresh");
              assertEquals(
                  2, Jvm.matching(refresh, "java.lang.IllegalStateException").size(), r.describe());
              assertEquals(
                  1, Jvm.matching(refresh, "java.io.UncheckedIOException").size(), r.describe());
              assertEquals(3, refresh.size(), r.describe());
              for (String line : refresh) {
                assertFalse(
                    line.contains("eur") || line.contains("usd") || line.contains("rates down"),
                    "no argument values: " + line);
              }
              assertTrue(
                  Jvm.matching(r.stderr(), "Exception thrown during refresh").isEmpty(),
                  "Caffeine's own log line, per failure, stays quiet\n" + r.describe());
            }));
  }
}
