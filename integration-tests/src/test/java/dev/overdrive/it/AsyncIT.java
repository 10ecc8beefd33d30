package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/** {@code @Async} and {@code @Parallel} under the real agent, on every JDK under test. */
class AsyncIT {

  private static final String APP = "dev.overdrive.it.app.";

  @TestFactory
  Stream<DynamicNode> everyRule() {
    return Scenarios.onEveryJdk(
        new Scenario(
            "@Async and @Parallel",
            true,
            List.of(
                Jvm.AGENT,
                "-Doverdrive.executor.io.threads=20",
                "-Doverdrive.executor.tiny.threads=1",
                "-Doverdrive.executor.tiny.queue=1",
                "-Doverdrive.executor.one.threads=1",
                "-Doverdrive.executor.drain.threads=1",
                "-Doverdrive.executor.stuck.threads=1",
                "-Doverdrive.executor.virt.virtual=true",
                "-Doverdrive.shutdown.timeout=1s"),
            APP + "AsyncScenario",
            List.of(),
            r -> {
              List<String> failures = Jvm.matching(r.stderr(), "ERROR");
              assertEquals(
                  1,
                  Jvm.matching(failures, APP + "Jobs#explode", "@Async method failed").size(),
                  "void failure logged once\n" + r.describe());
              assertTrue(
                  r.stderr().stream().anyMatch(l -> l.contains("IllegalStateException: lost?")),
                  "with its stack trace\n" + r.describe());
              assertEquals(
                  1,
                  failures.stream().filter(l -> !l.contains(APP + "Jobs#neverFinishes")).count(),
                  "no other error but the interrupted stuck task\n" + r.describe());
              int done = r.stdout().indexOf("DONE");
              for (int i = 1; i <= 3; i++) {
                assertTrue(
                    r.stdout().indexOf("DRAINED " + i) > done,
                    "queued task " + i + " ran at shutdown\n" + r.describe());
              }
              assertEquals(
                  1,
                  Jvm.matching(
                          r.stderr(),
                          "WARN executor stuck",
                          "2 queued tasks did not run and 1 did not finish")
                      .size(),
                  r.describe());
            }));
  }
}
