package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** {@code @Async(orderBy)} under the real agent, on every JDK under test. */
class OrderedAsyncIT {

  @TestFactory
  Stream<DynamicNode> orderPerKeyConcurrencyAcrossKeys() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "@Async(orderBy)",
            false,
            List.of(
                Jvm.AGENT,
                "-Doverdrive.report=true",
                "-Doverdrive.executor.ledger.threads=4",
                "-Doverdrive.executor.tinyledger.threads=1",
                "-Doverdrive.executor.tinyledger.queue=1"),
            "dev.overdrive.it.app.OrderedScenario",
            List.of(),
            r -> {
              assertEquals(List.of(), Jvm.matching(r.stderr(), "ERROR"), r.describe());
              assertFalse(
                  Jvm.matching(
                          r.stderr(), "instrumented dev.overdrive.it.app.Ledger#apply", "orderBy=0")
                      .isEmpty(),
                  r.describe());
            }));
  }
}
