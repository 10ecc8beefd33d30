package dev.overdrive.demo.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** What LoadGenerator does: an update five times a second, then the final one. */
  private static void drive(LoadGenerator.Progress progress, double seconds) {
    for (int i = 1; i * 0.2 < seconds; i++) {
      double t = i * 0.2;
      progress.update(t / seconds, Math.round(t * 1000), t);
    }
    progress.update(1, Math.round(seconds * 1000), seconds);
  }

  @Test
  void withoutATerminalAShortStageIsOnePlainLine() {
    ProgressPrinter printer = new ProgressPrinter(err, false);
    drive(printer.stage("  agent off [1/8] GET /products/{id}", "warm-up"), 4);
    drive(printer.stage("  agent off [1/8] GET /products/{id}", "measure"), 3);
    printer.result("  agent off [1/8] GET /products/{id}   12,000 req/s");
    printer.endStage();

    String out = printed();
    assertFalse(out.contains("\r"), "no carriage return in a log: " + out);
    String[] lines = out.split(System.lineSeparator());
    assertEquals(3, lines.length, out);
    assertTrue(lines[0].endsWith("100% warm-up     1,000 req/s"), lines[0]);
    assertTrue(lines[1].contains("100% measure"), lines[1]);
    assertEquals("  agent off [1/8] GET /products/{id}   12,000 req/s", lines[2]);
  }

  @Test
  void withoutATerminalALongStageGetsALineEveryTenSeconds() {
    ProgressPrinter printer = new ProgressPrinter(err, false);
    drive(printer.stage("p", "measure"), 25);
    String[] lines = printed().split(System.lineSeparator());
    assertEquals(3, lines.length, printed()); // about 10 s, 20 s, and the end
    assertTrue(lines[0].startsWith("p  40% measure"), lines[0]);
    assertTrue(lines[2].startsWith("p 100% measure"), lines[2]);
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndTheResultReplacesIt() {
    ProgressPrinter printer = new ProgressPrinter(err, true);
    drive(printer.stage("p", "measure"), 1);
    printer.result("p result");
    String out = printed();
    assertEquals(1, out.split(System.lineSeparator()).length, out);
    assertTrue(out.startsWith("\rp ["), out);
    assertTrue(out.contains("\rp [=======================>] 100% measure"), out);
    assertTrue(out.endsWith("\rp result" + System.lineSeparator()), out);
  }
}
