package dev.overdrive.demo.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonReportTest {

  private static Compare.Result result() {
    List<PhaseResult> off = new ArrayList<>();
    List<PhaseResult> on = new ArrayList<>();
    for (Workload.Endpoint e : Workload.Endpoint.values()) {
      off.add(new PhaseResult(e, 1000, 0, 1, 1000, 10, 30, 13.4, 1, null));
      on.add(
          new PhaseResult(
              e,
              5000,
              e == Workload.Endpoint.CREATE ? 2 : 0,
              1,
              5000,
              2,
              6,
              1.2,
              0.1,
              e == Workload.Endpoint.CREATE ? "POST /orders -> 503" : null));
    }
    Compare.Settings s =
        new Compare.Settings(
            Duration.ofSeconds(3),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            16,
            List.of(Workload.Endpoint.values()),
            50_000,
            20_000,
            "H2",
            Duration.ofMillis(5));
    return new Compare.Result(
        s,
        "java -jar overdrive-demo.jar compare",
        "OpenJDK 17, 2 cores",
        "2025-01-01 10:00:00 UTC",
        new Compare.Run(false, "off", List.of("java", "-Doverdrive.enabled=false", "serve"), off),
        new Compare.Run(true, "on", List.of("java", "serve"), on));
  }

  @Test
  void textTableHasARowPerEndpointAndTheGain() {
    String text = ComparisonReport.text(result());
    for (Workload.Endpoint e : Workload.Endpoint.values()) {
      assertTrue(text.contains(e.label()), e.label() + " in\n" + text);
    }
    assertTrue(text.contains("5.0x"), text);
    assertTrue(text.contains("13.40"), text);
    assertTrue(text.contains("note: POST /orders, agent on: 2 of 5,000 requests failed"), text);
    String[] lines = text.split("\n");
    int width = -1;
    for (String line : lines) {
      if (line.contains(" | ")) {
        if (width < 0) {
          width = line.indexOf(" | ");
        }
        assertEquals(width, line.indexOf(" | "), "aligned: " + line);
      }
    }
  }

  @Test
  void htmlDescribesTheMixOnlyWhenItRan() {
    Compare.Result all = result();
    assertTrue(ComparisonReport.html(all).contains("<b>mixed</b>: 45% product"));

    List<Workload.Endpoint> byDefault = Workload.Endpoint.parse(Compare.DEFAULT_ENDPOINTS);
    Compare.Settings s = all.settings();
    Compare.Settings defaults =
        new Compare.Settings(
            s.duration(),
            s.warmup(),
            Duration.ZERO,
            s.concurrency(),
            byDefault,
            s.products(),
            s.orders(),
            s.database(),
            s.pricingLatency());
    Compare.Result run =
        new Compare.Result(
            defaults,
            all.compareCommand(),
            all.environment(),
            all.date(),
            only(all.off(), byDefault),
            only(all.on(), byDefault));
    String html = ComparisonReport.html(run);
    assertFalse(html.contains("mixed"), "the default run has no mix: " + html);
    assertTrue(html.contains("<b>POST /orders</b>: prices every line"), html);

    Compare.Settings warmedByTheMix =
        new Compare.Settings(
            s.duration(),
            s.warmup(),
            Duration.ofSeconds(5),
            s.concurrency(),
            byDefault,
            s.products(),
            s.orders(),
            s.database(),
            s.pricingLatency());
    assertTrue(
        ComparisonReport.html(
                new Compare.Result(
                    warmedByTheMix,
                    all.compareCommand(),
                    all.environment(),
                    all.date(),
                    run.off(),
                    run.on()))
            .contains("(the warm-up of all endpoints, not measured)"));
  }

  private static Compare.Run only(Compare.Run run, List<Workload.Endpoint> endpoints) {
    return new Compare.Run(
        run.agentOn(),
        run.overdrive(),
        run.command(),
        run.results().stream().filter(r -> endpoints.contains(r.endpoint())).toList());
  }

  @Test
  void htmlIsSelfContainedWithAChartPerFigureAndTheCommands() {
    String html = ComparisonReport.html(result());
    assertEquals(5, html.split("<svg ", -1).length - 1, "five charts");
    assertTrue(html.contains("java -Doverdrive.enabled=false serve"));
    assertTrue(html.contains("java -jar overdrive-demo.jar compare"));
    assertFalse(html.contains("<script"));
    assertFalse(html.contains("<link"));
    assertFalse(html.contains("src="));
    assertFalse(html.contains("url("));
    assertTrue(
        html.replace("http://www.w3.org/2000/svg", "").indexOf("http") < 0, "no external address");
  }
}
