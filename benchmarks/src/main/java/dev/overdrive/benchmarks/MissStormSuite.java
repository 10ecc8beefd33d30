package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Suite 2, the cache miss storm ({@link MissStormBenchmark}): how long N simultaneous callers of
 * one missing key wait, and how many times the body runs for them. All variants run in forks with
 * the agent (only {@code @Cached} needs it; it touches no other class), metrics off, so that no
 * variant records stats.
 */
final class MissStormSuite implements Suite {

  private static final String JOB = "Agent loaded, metrics off";
  private static final String[] CALLERS = {"16", "64"};

  /** A benchmark method and how the report names it (Markdown, and plain for the chart). */
  private record Variant(String method, String label, String chartLabel) {}

  private static final List<Variant> VARIANTS =
      List.of(
          new Variant("cached", "`@Cached`", "@Cached"),
          new Variant("caffeine", "Caffeine `cache.get(key, fn)`", "Caffeine get(key, fn)"),
          new Variant("springSync", "Spring `@Cacheable(sync = true)`", "Spring sync = true"),
          new Variant("spring", "Spring `@Cacheable`", "Spring, no sync"),
          new Variant("plain", "no cache", "no cache"));

  @Override
  public String id() {
    return "miss-storm";
  }

  @Override
  public String title() {
    return "2. Cache miss storm: N callers, one missing key";
  }

  @Override
  public List<Job> jobs(String agent) {
    List<String> methods = new ArrayList<>(List.of("body"));
    VARIANTS.forEach(v -> methods.add(v.method()));
    return List.of(
        new Job(
            JOB,
            Job.methods(MissStormBenchmark.class, methods.toArray(String[]::new)),
            List.of(agent, "-Doverdrive.metrics.enabled=false", "-Dbench.expect.agent=true")));
  }

  @Override
  public Section render(Results results) {
    Optional<Results.Entry> body = results.find(JOB, "body");
    StringBuilder md = new StringBuilder();
    md.append(
            "N threads, started beforehand and parked at a barrier, are released together and each asks"
                + " for the same key, one never asked before; a storm ends when all N hold the value. ms per storm"
                + " (JMH average time).\n\n")
        .append("- **Body.** It parks ")
        .append(MissStormServices.BODY_MILLIS)
        .append(" ms, like a remote call," + " and takes ")
        .append(body.map(b -> Results.scoreWithError(b.primary()) + " ms").orElse("–"))
        .append(
            " alone (one caller, no cache). *Time / body alone* near 1 means the callers cost little"
                + " beyond the one load.\n")
        .append(
            "- **Checks.** Every caller's value is checked and every storm's body runs are counted: the"
                + " `@Cached`, Caffeine and Spring `sync = true` variants fail the run unless each storm runs the"
                + " body exactly once.\n")
        .append(
            "- **No cache** is the floor for time: each caller runs its own load, all at once, and the"
                + " backend takes N loads. **Spring without `sync`** looks the key up, runs the method and puts the"
                + " value, with nothing to stop concurrent callers each doing all three: the backend sees about one"
                + " load per caller, as with no cache.\n")
        .append(
            "- **Cores.** The times include releasing the callers and waking those that waited: N + 1"
                + " threads on ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" processors.\n\n")
        .append(
            "| variant | callers | time to serve all, ms | body runs per storm | time / body alone |\n")
        .append("| --- | ---: | ---: | ---: | ---: |\n");
    for (String n : CALLERS) {
      for (Variant v : VARIANTS) {
        results
            .find(JOB, v.method(), "callers", n)
            .ifPresent(
                e ->
                    md.append("| ")
                        .append(v.label())
                        .append(" | ")
                        .append(n)
                        .append(" | ")
                        .append(Results.scoreWithError(e.primary()))
                        .append(" | ")
                        .append(runs(runsPerStorm(e)))
                        .append(" | ")
                        .append(Results.ratio(Optional.of(e), body))
                        .append(" |\n"));
      }
    }
    return new Section(md.toString(), chart(results), headlines(results, body));
  }

  private static BarChart chart(Results results) {
    BarChart chart =
        new BarChart(
            "Cache miss storm: time until all callers have the value",
            "ms per storm, body parks "
                + MissStormServices.BODY_MILLIS
                + " ms; shorter is better; N× = body runs per storm");
    for (String n : CALLERS) {
      List<BarChart.Bar> bars = new ArrayList<>();
      for (Variant v : VARIANTS) {
        results
            .find(JOB, v.method(), "callers", n)
            .ifPresent(
                e ->
                    bars.add(
                        new BarChart.Bar(
                            v.chartLabel(),
                            e.score(),
                            Results.number(e.score())
                                + " ms, body ran "
                                + runs(runsPerStorm(e))
                                + "×")));
      }
      chart.group(n + " callers", bars);
    }
    return chart;
  }

  private static List<Headline> headlines(Results results, Optional<Results.Entry> body) {
    List<Headline> h = new ArrayList<>();
    List<String> measured = new ArrayList<>();
    boolean once = true;
    for (String n : CALLERS) {
      Optional<Results.Entry> e = results.find(JOB, "cached", "callers", n);
      if (e.isPresent()) {
        double perStorm = runsPerStorm(e.get());
        measured.add(runs(perStorm) + " (" + n + " callers)");
        once &= perStorm == 1.0;
      }
    }
    if (!measured.isEmpty()) {
      h.add(
          Headline.exact(
              "`@Cached` miss storm: body runs per storm", "1", String.join(", ", measured), once));
    }
    String most = CALLERS[CALLERS.length - 1];
    results
        .find(JOB, "spring", "callers", most)
        .ifPresent(
            e ->
                h.add(
                    Headline.info(
                        "Spring `@Cacheable` without `sync` miss storm: body runs per storm, "
                            + most
                            + " callers",
                        runs(runsPerStorm(e)))));
    Optional<Results.Entry> cached = results.find(JOB, "cached", "callers", most);
    if (cached.isPresent() && body.isPresent()) {
      h.add(
          Headline.info(
              "`@Cached` miss storm of " + most + " callers: time to serve all / body alone",
              Results.ratio(cached, body)));
    }
    return h;
  }

  /** Body runs per storm, from the benchmark's {@code bodyRuns} and {@code storms} counters. */
  private static double runsPerStorm(Results.Entry e) {
    double storms = e.secondary("storms").map(r -> r.getScore()).orElse(Double.NaN);
    double runs = e.secondary("bodyRuns").map(r -> r.getScore()).orElse(Double.NaN);
    return storms > 0 ? runs / storms : Double.NaN;
  }

  /** Body runs per storm: exactly 1 reads as "1", a mean as "15.6". */
  private static String runs(double perStorm) {
    return perStorm == Math.rint(perStorm)
        ? String.valueOf((long) perStorm)
        : Results.number(perStorm);
  }
}
