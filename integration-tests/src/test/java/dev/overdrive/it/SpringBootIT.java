package dev.overdrive.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.overdrive.it.Scenarios.Scenario;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The Spring Boot application of module spring-boot-app, started as its fat jar under the agent
 * ({@code java -javaagent:overdrive-agent.jar -jar overdrive-spring-boot-app.jar}), on every JDK
 * under test. Its classes and the annotations come from Spring Boot's LaunchedClassLoader, out of
 * jars nested in the fat jar; the application checks its beans itself (StoreChecks) and prints the
 * scenarios' PASS/FAIL protocol.
 */
class SpringBootIT {

  private static final String APP = "dev.overdrive.springboot.";

  @TestFactory
  Stream<DynamicNode> fatJarUnderTheAgent() {
    String jar = Jvm.requiredPath("overdrive.it.springBootJar");
    return Scenarios.onEveryJdk(
        Scenario.executableJar(
            "Spring Boot fat jar",
            List.of(Jvm.AGENT),
            jar,
            List.of(),
            r -> { // overdrive.report=true: application.properties
              assertEquals(List.of(), Jvm.matching(r.stderr(), "[overdrive] ERROR"), r.describe());
              assertEquals(List.of(), Jvm.matching(r.stderr(), "[overdrive] WARN"), r.describe());
              // Exactly the application's annotated methods, each once: not the CGLIB proxy class
              // Spring generates for CatalogService (it copies no annotations), nothing twice.
              assertEquals(
                  List.of(
                      APP + "CatalogService#product(long)",
                      APP + "CatalogService#rename(long)",
                      APP + "InventoryService#stock(Long)",
                      APP + "InventoryService#stockNow(Long)",
                      APP + "NotificationService#render(String)",
                      APP + "NotificationService#send(String, CountDownLatch)"),
                  Jvm.matching(r.stderr(), "[overdrive] instrumented ").stream()
                      .map(SpringBootIT::method)
                      .sorted()
                      .toList(),
                  r.describe());
            }));
  }

  /** {@code Class#method(Parameters)} of a line {@code instrumented <that> @Annotation ...}. */
  private static String method(String reportLine) {
    int start = reportLine.indexOf("instrumented ") + "instrumented ".length();
    return reportLine.substring(start, reportLine.indexOf(" @", start));
  }
}
