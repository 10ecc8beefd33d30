package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.it.Scenarios.Scenario;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * Overdrive beside the other tools that instrument real JVMs: the OpenTelemetry Java agent (in both
 * orders on the command line), the JaCoCo agent, and Mockito's inline mock maker. In each run every
 * annotation keeps its behaviour (the scenario's PASS lines), the other tool is shown to work (by
 * the scenario, or by its output here), and Overdrive reports no error. One JVM per tool and JDK
 * proves all of it.
 */
class CoexistenceIT {

  private static final String APP = "dev.overdrive.it.app.";

  /** OpenTelemetry's start-up line (its agent logs to standard error). */
  private static final String OTEL_STARTED =
      "io.opentelemetry.javaagent.tooling.VersionLogger - opentelemetry-javaagent - version: ";

  @TestFactory
  Stream<DynamicNode> openTelemetryAgentAfterOverdrive() {
    return withOpenTelemetry(true);
  }

  @TestFactory
  Stream<DynamicNode> openTelemetryAgentBeforeOverdrive() {
    return withOpenTelemetry(false);
  }

  /**
   * Both orders, because the order changes what each agent sees: transformers run in the order the
   * premains registered them, each on the previous one's output, so on a method both rewrite (the
   * {@code @WithSpan @Cached} one) the later agent's advice wraps the earlier one's. Micrometer is
   * on the class path, as in most services: OpenTelemetry's agent bridges it too.
   */
  private static Stream<DynamicNode> withOpenTelemetry(boolean overdriveFirst) {
    String otel = "-javaagent:" + Jvm.requiredPath("overdrive.it.otelAgent");
    List<String> jvmArgs =
        new ArrayList<>(overdriveFirst ? List.of(Jvm.AGENT, otel) : List.of(otel, Jvm.AGENT));
    jvmArgs.addAll(
        List.of(
            "-Doverdrive.report=true", // prints "agent active" from premain: shows which went first
            // Nothing to export to; spans are still created and sampled, which the scenario checks.
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none"));
    String name = "OpenTelemetry agent " + (overdriveFirst ? "after" : "before") + " Overdrive";
    return Scenarios.onEveryJdk(
        new Scenario(
                name,
                true,
                jvmArgs,
                APP + "CoexistenceScenario",
                List.of("otel"),
                r -> {
                  noOverdriveTrouble(r);
                  int overdrive = firstLine(r.stderr(), "[overdrive] agent active");
                  int openTelemetry = firstLine(r.stderr(), OTEL_STARTED);
                  assertTrue(overdrive >= 0, "Overdrive started\n" + r.describe());
                  assertTrue(openTelemetry >= 0, "OpenTelemetry started\n" + r.describe());
                  assertEquals(
                      overdriveFirst,
                      overdrive < openTelemetry,
                      "premains ran in command-line order\n" + r.describe());
                  assertEquals(
                      List.of(),
                      Jvm.matching(r.stderr(), "[otel.javaagent", " ERROR "),
                      "OpenTelemetry logged no error\n" + r.describe());
                  assertFalse(
                      Jvm.matching(
                              r.stderr(),
                              "instrumented " + APP + "Traced#lookup(String)",
                              "@Cached")
                          .isEmpty(),
                      "the @WithSpan @Cached method\n" + r.describe());
                })
            .withTestLibraries());
  }

  /**
   * JaCoCo adds a field and a method to each class as it loads (before Overdrive's transformer,
   * whatever the order: JaCoCo's cannot retransform, and the JVM runs those first). Each JDK writes
   * its own exec file, deleted first so that one left by an earlier build cannot pass.
   */
  @TestFactory
  Stream<DynamicNode> jacocoAgent() {
    String jacoco = Jvm.requiredPath("overdrive.it.jacocoAgent");
    Path output = Path.of(Jvm.requiredPath("overdrive.it.jacocoOutput"));
    return Scenarios.onEveryJdk(
        jdk -> {
          Path exec = output.resolve("jacoco-it-" + jdk.label().replace(' ', '-') + ".exec");
          try {
            Files.deleteIfExists(exec);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return new Scenario(
                  "JaCoCo agent",
                  true,
                  List.of("-javaagent:" + jacoco + "=destfile=" + exec, Jvm.AGENT),
                  APP + "CoexistenceScenario",
                  List.of("jacoco"),
                  r -> {
                    noOverdriveTrouble(r);
                    assertTrue(
                        Files.isRegularFile(exec), "JaCoCo wrote " + exec + "\n" + r.describe());
                    String data = read(exec);
                    assertFalse(data.isEmpty(), "empty " + exec);
                    // The exec format stores each covered class's internal name as it is.
                    assertTrue(
                        data.contains("dev/overdrive/it/app/Storefront"),
                        "coverage recorded for the class Overdrive rewrote, in " + exec);
                  })
              .withTestLibraries(); // CoexistenceScenario links against the OpenTelemetry API
        });
  }

  /**
   * Mockito attaches its own ByteBuddy agent at run time and retransforms each class it mocks.
   * {@code allowAttachSelf} lets it attach from inside the JVM instead of starting a helper JVM to
   * attach from outside; {@code EnableDynamicAgentLoading} keeps Java 21+ from warning.
   */
  @TestFactory
  Stream<DynamicNode> mockitoInlineMockMaker() {
    return Scenarios.onEveryJdk(
        new Scenario(
                "Mockito inline mock maker",
                true,
                List.of(
                    Jvm.AGENT,
                    "-Doverdrive.report=true",
                    "-Djdk.attach.allowAttachSelf=true",
                    "-XX:+EnableDynamicAgentLoading"),
                APP + "MockitoScenario",
                List.of(),
                r -> {
                  noOverdriveTrouble(r);
                  for (String method :
                      List.of("quote(String)", "label(String)", "currency(String)")) {
                    // Mockito retransforms the class: instrumented again, reported once.
                    assertEquals(
                        1,
                        Jvm.matching(r.stderr(), "instrumented " + APP + "Quotes#" + method).size(),
                        method + " reported once\n" + r.describe());
                  }
                })
            .withTestLibraries());
  }

  /** A class Overdrive failed to transform is reported on an ERROR line too. */
  private static void noOverdriveTrouble(Jvm.Result r) {
    assertEquals(List.of(), Jvm.matching(r.stderr(), "[overdrive] ERROR"), r.describe());
    assertEquals(List.of(), Jvm.matching(r.stderr(), "[overdrive] WARN"), r.describe());
  }

  private static int firstLine(List<String> lines, String fragment) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(fragment)) {
        return i;
      }
    }
    return -1;
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
