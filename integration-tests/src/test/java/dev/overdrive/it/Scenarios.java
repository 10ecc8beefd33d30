package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns one scenario JVM into tests: one per {@code PASS}/{@code FAIL} line it printed, plus
 * checks on what the agent said on standard error. Runs the scenario once per JDK under test.
 */
final class Scenarios {

  /** One scenario run: how to start it and what to check on its output. */
  record Scenario(String name, boolean micrometer, List<String> jvmArgs, String mainClass,
      List<String> args, Consumer<Jvm.Result> outputChecks) {}

  private Scenarios() {}

  static Stream<DynamicNode> onEveryJdk(Scenario scenario) {
    return Jvm.jdks().stream().map(jdk -> run(jdk, scenario));
  }

  private static DynamicNode run(Jvm.Jdk jdk, Scenario scenario) {
    Jvm.Result result;
    try {
      result = Jvm.run(jdk, scenario.micrometer(), scenario.jvmArgs(), scenario.mainClass(),
          scenario.args().toArray(new String[0]));
    } catch (Exception e) {
      return DynamicTest.dynamicTest(scenario.name() + " on " + jdk,
          () -> fail("cannot run scenario", e));
    }
    final Jvm.Result r = result;
    List<DynamicNode> tests = new ArrayList<>();
    tests.add(DynamicTest.dynamicTest("ran to completion", () -> {
      assertEquals(0, r.exitCode(), r.describe());
      assertTrue(r.stdout().contains("DONE"), r.describe());
    }));
    for (String line : r.stdout()) {
      if (line.startsWith("PASS ")) {
        tests.add(DynamicTest.dynamicTest(line.substring(5), () -> { }));
      } else if (line.startsWith("FAIL ")) {
        String name = line.substring(5, line.indexOf(':') > 0 ? line.indexOf(':') : line.length());
        tests.add(DynamicTest.dynamicTest(name, () -> fail(line + "\n" + r.describe())));
      }
    }
    tests.add(DynamicTest.dynamicTest("no transformation error, agent output as expected",
        () -> scenario.outputChecks().accept(r)));
    return DynamicContainer.dynamicContainer(scenario.name() + " on " + jdk, tests);
  }
}
