package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;

/**
 * Turns one scenario JVM into tests: one per {@code PASS}/{@code FAIL} line it printed, plus checks
 * on what the agent said on standard error. Runs the scenario once per JDK under test.
 */
final class Scenarios {

  /**
   * One scenario run: how to start it and what to check on its output. It starts {@code mainClass}
   * on the scenarios' class path (with Micrometer when {@code micrometer}, with Mockito and the
   * OpenTelemetry API when {@code testLibraries}) or, when {@code jar} is set, that executable jar
   * alone ({@code java -jar}; then only the JVM arguments and {@code args} are used).
   */
  record Scenario(
      String name,
      boolean micrometer,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Consumer<Jvm.Result> outputChecks,
      boolean testLibraries,
      String jar) {

    Scenario(
        String name,
        boolean micrometer,
        List<String> jvmArgs,
        String mainClass,
        List<String> args,
        Consumer<Jvm.Result> outputChecks) {
      this(name, micrometer, jvmArgs, mainClass, args, outputChecks, false, null);
    }

    /** This scenario with Mockito and the OpenTelemetry API on its class path as well. */
    Scenario withTestLibraries() {
      return new Scenario(name, micrometer, jvmArgs, mainClass, args, outputChecks, true, jar);
    }

    /** {@code java <jvmArgs> -jar <jar> <args>}. */
    static Scenario executableJar(
        String name,
        List<String> jvmArgs,
        String jar,
        List<String> args,
        Consumer<Jvm.Result> outputChecks) {
      return new Scenario(name, false, jvmArgs, null, args, outputChecks, false, jar);
    }
  }

  private Scenarios() {}

  static Stream<DynamicNode> onEveryJdk(Scenario scenario) {
    return onEveryJdk(jdk -> scenario);
  }

  /**
   * As {@link #onEveryJdk(Scenario)}, with a scenario made for each JDK just before it runs there
   * (for JVM arguments that differ per JDK, such as an output file of its own).
   */
  static Stream<DynamicNode> onEveryJdk(Function<Jvm.Jdk, Scenario> scenarioFor) {
    return Jvm.jdks().stream().map(jdk -> run(jdk, scenarioFor.apply(jdk)));
  }

  private static DynamicNode run(Jvm.Jdk jdk, Scenario scenario) {
    Jvm.Result result;
    try {
      String[] args = scenario.args().toArray(new String[0]);
      result =
          scenario.jar() != null
              ? Jvm.runJar(jdk, scenario.jvmArgs(), scenario.jar(), args)
              : Jvm.run(
                  jdk,
                  scenario.micrometer(),
                  scenario.testLibraries(),
                  scenario.jvmArgs(),
                  scenario.mainClass(),
                  args);
    } catch (Exception e) {
      return DynamicTest.dynamicTest(
          scenario.name() + " on " + jdk, () -> fail("cannot run scenario", e));
    }
    final Jvm.Result r = result;
    List<DynamicNode> tests = new ArrayList<>();
    tests.add(
        DynamicTest.dynamicTest(
            "ran to completion",
            () -> {
              assertEquals(0, r.exitCode(), r.describe());
              assertTrue(r.stdout().contains("DONE"), r.describe());
            }));
    for (String line : r.stdout()) {
      if (line.startsWith("PASS ")) {
        tests.add(DynamicTest.dynamicTest(line.substring(5), () -> {}));
      } else if (line.startsWith("FAIL ")) {
        String name = line.substring(5, line.indexOf(':') > 0 ? line.indexOf(':') : line.length());
        tests.add(DynamicTest.dynamicTest(name, () -> fail(line + "\n" + r.describe())));
      }
    }
    tests.add(
        DynamicTest.dynamicTest(
            "no transformation error, agent output as expected",
            () -> scenario.outputChecks().accept(r)));
    return DynamicContainer.dynamicContainer(scenario.name() + " on " + jdk, tests);
  }
}
