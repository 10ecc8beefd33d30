package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import dev.overdrive.Overdrive;
import java.util.List;

/** A durable call that keeps throwing: retried, then dead, listed, and replayed by hand. */
public final class DeadLetterScenario {

  private DeadLetterScenario() {}

  public static void main(String[] args) throws Exception {
    // An application's registry (an empty global registry reads 0 for function timers).
    io.micrometer.core.instrument.Metrics.addRegistry(
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    check(
        "a failing durable call is retried, then kept as dead",
        () -> {
          Flaky.charge("o-1");
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (Overdrive.deadCalls().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          List<Overdrive.DeadCall> dead = Overdrive.deadCalls();
          equal(1, dead.size(), "dead calls");
          equal(3, Flaky.RUNS.get(), "runs (overdrive.journal.maxAttempts=3)");
          that(
              dead.get(0).method().startsWith("dev.overdrive.it.app.Flaky#charge"),
              dead.get(0).method());
          that(dead.get(0).reason().contains("IllegalStateException"), dead.get(0).reason());
        });
    check(
        "a dead call replayed by hand runs again, and is no longer dead",
        () -> {
          Flaky.healthy = true;
          long again = Overdrive.replayDead(Overdrive.deadCalls().get(0).id());
          that(again >= 0, "new id " + again);
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (Flaky.DONE.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          equal(1, Flaky.DONE.get(), "succeeded");
          equal(List.of(), Overdrive.deadCalls(), "dead calls");
        });
    check(
        "the journal's meters are in the application's Micrometer",
        () -> {
          io.micrometer.core.instrument.MeterRegistry r =
              io.micrometer.core.instrument.Metrics.globalRegistry;
          String method = "dev.overdrive.it.app.Flaky#charge";
          equal(
              1.0,
              r.get("overdrive.journal.appended").tag("method", method).functionCounter().count(),
              "appended");
          equal(
              1.0,
              r.get("overdrive.journal.dead").tag("method", method).functionCounter().count(),
              "dead");
          that(
              r.get("overdrive.journal.sync.latency").functionTimer().count() >= 1, "fsyncs timed");
        });
    Checks.done();
  }
}
