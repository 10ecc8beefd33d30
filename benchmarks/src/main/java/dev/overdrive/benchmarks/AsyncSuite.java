package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Suite 3, the cost of {@code @Async}'s hand-off ({@link AsyncBenchmark}) against the direct call,
 * hand-written {@code supplyAsync} and Spring's {@code @Async}. One job: the agent is loaded in
 * every fork (it only touches the {@code @Async} class), so all variants run alike.
 */
final class AsyncSuite implements Suite {

  private static final String JOB = "Agent loaded";

  /** A variant: the prefix of its benchmark methods and how the report names it. */
  private record Variant(String prefix, String label) {}

  private static final Variant DIRECT = new Variant("direct", "direct call");
  private static final Variant SUPPLY = new Variant("supplyAsync", "supplyAsync by hand");
  private static final Variant ASYNC = new Variant("async", "@Async");
  private static final Variant SPRING = new Variant("spring", "Spring @Async");
  private static final List<Variant> VARIANTS = List.of(DIRECT, SUPPLY, ASYNC, SPRING);

  @Override
  public String id() {
    return "async";
  }

  @Override
  public String title() {
    return "3. Async: `@Async` vs hand-written `supplyAsync` vs Spring `@Async`";
  }

  @Override
  public List<Job> jobs(String agent) {
    return List.of(
        new Job(
                JOB,
                Job.methods(AsyncBenchmark.class, ".*"),
                List.of(agent, "-Dbench.expect.agent=true"))
            .withGcProfiler());
  }

  @Override
  public Section render(Results results) {
    StringBuilder md = new StringBuilder();
    md.append(
            "A call whose body is a few nanoseconds of arithmetic, returning a `CompletableFuture`"
                + " of its result: called directly; handed by hand to `CompletableFuture.supplyAsync(body,"
                + " pool)`; annotated with Overdrive's `@Async` (the `default` executor); annotated with"
                + " Spring's `@Async` and called through its proxy, on an `Executor` bean. The hand-written"
                + " and Spring pools are configured like Overdrive's `default` executor: ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(
            " threads (one per processor), a queue bounded at 10,000, the caller running a task"
                + " when it is full. **Round trip**: submit one call and wait for its result (sampled;"
                + " µs per call). **Burst**: submit ")
        .append(AsyncBenchmark.BURST)
        .append(
            " calls without waiting, then wait for all of them: calls handed off and done per"
                + " second by one thread, never filling the queue. Each variant checks at tear-down that"
                + " every call ran its body exactly once, on its pool's threads, and returned its result."
                + " B/call: `gc.alloc.rate.norm` in bursts. A ratio above 1 means the first-named variant"
                + " is slower (for bursts: time per call).\n\n");
    md.append("| variant | round trip µs (mean) | p50 | p99 | burst calls/s | B/call |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Variant v : VARIANTS) {
      Optional<Results.Entry> trip = roundTrip(results, v);
      Optional<Results.Entry> burst = burst(results, v);
      md.append("| ")
          .append(v.label())
          .append(" | ")
          .append(trip.map(e -> Results.scoreWithError(e.primary())).orElse("–"))
          .append(" | ")
          .append(trip.map(e -> Results.number(e.percentile(50))).orElse("–"))
          .append(" | ")
          .append(trip.map(e -> Results.number(e.percentile(99))).orElse("–"))
          .append(" | ")
          .append(burst.map(e -> Results.scoreWithError(e.primary())).orElse("–"))
          .append(" | ")
          .append(
              burst
                  .flatMap(e -> e.secondary("gc.alloc.rate.norm"))
                  .map(b -> String.format(Locale.ROOT, "%.0f", b.getScore()))
                  .orElse("–"))
          .append(" |\n");
    }
    md.append(
        "\n| ratio | round trip (mean) | round trip (p50) | burst (time per call) |\n| --- | ---: | ---: | ---: |\n");
    ratioRow(md, results, ASYNC, SUPPLY);
    ratioRow(md, results, SPRING, ASYNC);
    return new Section(md.toString(), chart(results), headlines(results));
  }

  private static void ratioRow(StringBuilder md, Results results, Variant a, Variant b) {
    md.append("| ")
        .append(a.label())
        .append(" / ")
        .append(b.label())
        .append(" | ")
        .append(Results.ratio(roundTrip(results, a), roundTrip(results, b)))
        .append(" | ")
        .append(ratio(roundTrip(results, a), roundTrip(results, b), 50))
        .append(" | ")
        .append(Results.ratio(burst(results, b), burst(results, a)))
        .append(" |\n");
  }

  private static String ratio(
      Optional<Results.Entry> a, Optional<Results.Entry> b, double percentile) {
    return a.isPresent() && b.isPresent()
        ? Results.ratio(a.get().percentile(percentile), b.get().percentile(percentile))
        : "–";
  }

  private static BarChart chart(Results results) {
    BarChart chart =
        new BarChart("Async hand-off of a tiny call", "time per call; shorter is better");
    List<BarChart.Bar> trips = new ArrayList<>();
    List<BarChart.Bar> bursts = new ArrayList<>();
    // The direct call (tens of nanoseconds) would be an invisible bar: it is in the table.
    for (Variant v : List.of(SUPPLY, ASYNC, SPRING)) {
      roundTrip(results, v)
          .ifPresent(
              e ->
                  trips.add(
                      new BarChart.Bar(v.label(), e.score(), Results.number(e.score()) + " µs")));
      burst(results, v)
          .ifPresent(
              e -> {
                double micros = 1e6 / e.score();
                bursts.add(
                    new BarChart.Bar(
                        v.label(),
                        micros,
                        Results.number(micros)
                            + " µs ("
                            + Results.number(e.score() / 1000)
                            + "k calls/s)"));
              });
    }
    chart.group("Round trip (mean)", trips);
    chart.group("Bursts of " + AsyncBenchmark.BURST + ", per call", bursts);
    return chart;
  }

  private static List<Headline> headlines(Results results) {
    List<Headline> h = new ArrayList<>();
    Optional<Results.Entry> asyncTrip = roundTrip(results, ASYNC);
    Optional<Results.Entry> supplyTrip = roundTrip(results, SUPPLY);
    Results.ratioSpread(asyncTrip, supplyTrip)
        .ifPresent(
            r ->
                h.add(
                    Headline.judged(
                        "`@Async` round trip / hand-written `supplyAsync`, same executor settings (mean)",
                        "≤ 1.2",
                        Results.Target.atMost(1.2),
                        r,
                        " (p50: " + ratio(asyncTrip, supplyTrip, 50) + ")")));
    Optional<Results.Entry> asyncBurst = burst(results, ASYNC);
    Optional<Results.Entry> supplyBurst = burst(results, SUPPLY);
    // Throughputs: the cost ratio is their inverse.
    Results.ratioSpread(supplyBurst, asyncBurst)
        .ifPresent(
            r ->
                h.add(
                    Headline.judged(
                        "`@Async` time per call in bursts of "
                            + AsyncBenchmark.BURST
                            + " / hand-written `supplyAsync`",
                        "≤ 1.2",
                        Results.Target.atMost(1.2),
                        r,
                        "")));
    Optional<Results.Entry> springTrip = roundTrip(results, SPRING);
    Optional<Results.Entry> springBurst = burst(results, SPRING);
    if (springTrip.isPresent()
        && asyncTrip.isPresent()
        && springBurst.isPresent()
        && asyncBurst.isPresent()) {
      h.add(
          Headline.info(
              "Spring `@Async` / `@Async`, round trip and time per call in bursts",
              "round trip "
                  + Results.ratio(springTrip, asyncTrip)
                  + ", bursts "
                  + Results.ratio(asyncBurst, springBurst)));
    }
    return h;
  }

  private static Optional<Results.Entry> roundTrip(Results results, Variant v) {
    return results.find(JOB, v.prefix() + "_roundTrip");
  }

  private static Optional<Results.Entry> burst(Results results, Variant v) {
    return results.find(JOB, v.prefix() + "_burst");
  }
}
