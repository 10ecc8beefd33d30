package dev.overdrive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How round-by-round figures are summarised and judged: the rules the summary's verdicts follow.
 */
class ResultsTest {

  @Test
  void theMedianAndItsIntervalComeFromOrderStatistics() {
    Results.Spread s = Results.Spread.of(new double[] {1.3, 0.9, 1.0, 1.1, 1.2});
    assertEquals(1.1, s.median(), 1e-9);
    // 5 to 8 rounds: the lowest and highest value, covering the median with 1 - 2/2^5.
    assertEquals(0.9, s.low(), 1e-9);
    assertEquals(1.3, s.high(), 1e-9);
    assertEquals(1 - 2 / 32.0, s.confidence(), 1e-9);
    assertTrue(s.settled());

    Results.Spread nine = Results.Spread.of(new double[] {9, 1, 8, 2, 7, 3, 6, 4, 5});
    assertEquals(5, nine.median(), 1e-9);
    assertEquals(2, nine.low(), 1e-9, "9 rounds: the second lowest already covers 90%");
    assertEquals(8, nine.high(), 1e-9);
    assertEquals(1 - 2 * 10 / 512.0, nine.confidence(), 1e-9);

    assertEquals(
        1.5, Results.Spread.of(new double[] {1, 2, Double.NaN}).median(), 1e-9, "NaN is dropped");
  }

  @Test
  void aVerdictNeedsTheWholeIntervalOnOneSideOfTheTarget() {
    Results.Target atMost = Results.Target.atMost(1.25);
    assertEquals(
        Results.Verdict.MET,
        Results.Spread.of(new double[] {1.0, 1.1, 1.05, 1.2, 0.98}).against(atMost));
    assertEquals(
        Results.Verdict.MISSED,
        Results.Spread.of(new double[] {1.3, 1.6, 1.4, 1.5, 1.35}).against(atMost));
    assertEquals(
        Results.Verdict.UNSETTLED,
        Results.Spread.of(new double[] {1.0, 1.1, 1.05, 1.2, 2.0}).against(atMost),
        "one disturbed round crosses the target");
    Results.Target within = Results.Target.within(0.95, 1.05);
    assertEquals(
        Results.Verdict.UNSETTLED,
        Results.Spread.of(new double[] {0.9, 1, 1, 1, 1.1}).against(within),
        "an interval wider than the band on both sides is not a miss");
  }

  @Test
  void fewerThanFiveRoundsNeverSettle() {
    Results.Spread four = Results.Spread.of(new double[] {1.0, 1.0, 1.0, 1.0});
    assertFalse(four.settled());
    assertEquals(Results.Verdict.UNSETTLED, four.against(Results.Target.atMost(2)));
    assertEquals("1.00 [1.00, 1.00] (4 rounds)", four.toString());
    assertEquals("1.00 (1 round)", Results.Spread.of(new double[] {1.0}).toString());
  }

  @Test
  void startupAddedIsJudgedByItsInterval(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("startup.md");
    Files.write(
        md,
        List.of(
            "# Start-up",
            "",
            "### hello world",
            "",
            "| variant | median | p25 | p75 | min | max | added vs no agent: median over rounds [interval] | classes loaded |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
            "| (i) no agent | 60 | 58 | 62 | 55 | 70 | – | 400 |",
            "| (ii) Overdrive, nothing to instrument | 110 | 105 | 115 | 100 | 130 | +50 [+40, +170], 10 rounds | 500 |",
            "| (iii) OpenTelemetry agent 2.22.0, exporters off | 900 | 890 | 910 | 880 | 950 | +840 [+820, +860], 10 rounds | 4000 |"));
    List<Suite.Headline> h = MarkdownReport.StartupSection.read(md).headlines();
    assertEquals(2, h.size());
    assertEquals(Results.Verdict.UNSETTLED, h.get(0).verdict(), "the interval reaches past 150 ms");
    assertEquals("+50 [+40, +170]", h.get(0).measured());
    assertEquals(null, h.get(1).verdict());
  }
}
