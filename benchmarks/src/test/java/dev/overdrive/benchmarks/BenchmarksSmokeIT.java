package dev.overdrive.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every benchmark of every suite runs once, for a few milliseconds, in a JVM with the real agent
 * (as {@code BenchRun -Dbench.smoke=true}): a benchmark whose variant stopped doing what it claims
 * (a method no longer cached, a wrong value, no batching) fails its own checks, and a benchmark no
 * suite runs fails the run. So the suites cannot rot between full measurements.
 */
class BenchmarksSmokeIT {

  @Test
  void everyBenchmarkRunsAndTheReportIsWritten() throws Exception {
    Path out = Path.of(System.getProperty("bench.it.out"));
    Path log = out.resolveSibling("smoke.log");
    Files.createDirectories(out);
    Files.deleteIfExists(out.resolve("latest.md"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + System.getProperty("bench.it.agent"),
                "-Dbench.smoke=true",
                "-Dbench.out=" + out,
                "-cp",
                System.getProperty("bench.it.jar"),
                BenchRun.class.getName()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean exited = process.waitFor(5, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertTrue(exited, "the smoke run did not finish in 5 minutes; its output is in " + log);
    assertEquals(
        0,
        process.exitValue(),
        "the smoke run failed; its output ("
            + log
            + ") ends with:\n"
            + output.substring(Math.max(0, output.length() - 4000)));
    assertTrue(output.contains("Smoke run: "), output);

    String report = Files.readString(out.resolve("latest.md"));
    for (Suite suite : BenchRun.SUITES) {
      assertTrue(report.contains("## " + suite.title()), "no section for " + suite.id());
      assertTrue(Files.size(suite.chartFile(out)) > 0, "no chart for " + suite.id());
    }
  }
}
