package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** {@code @Batched} under the real agent, on every JDK under test. */
class BatchedIT {

  @TestFactory
  Stream<DynamicNode> everyGuarantee() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "@Batched guarantees",
            true,
            List.of(Jvm.AGENT),
            "dev.overdrive.it.app.BatchScenario",
            List.of(),
            r -> {
              assertEquals(List.of(), Jvm.matching(r.stderr(), "ERROR"), r.describe());
              int done = r.stdout().indexOf("DONE");
              assertTrue(
                  r.stdout().indexOf("FLUSHED 2 keys") > done,
                  "the pending batch was sent at shutdown\n" + r.describe());
            }));
  }
}
