package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** Class-loader lifecycle under the real agent: undeploy frees everything, redeploy works. */
class LifecycleIT {

  @TestFactory
  Stream<DynamicNode> droppedClassLoaderIsCollected() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "class-loader lifecycle",
            true,
            List.of(Jvm.AGENT),
            "dev.overdrive.it.app.LifecycleScenario",
            List.of(),
            r -> assertEquals(List.of(), Jvm.matching(r.stderr(), "ERROR"), r.describe())));
  }
}
