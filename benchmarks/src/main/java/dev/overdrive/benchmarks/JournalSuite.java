package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Suite 7, the journal of {@code @Async(durable = true)} ({@link JournalBenchmark}): does group
 * commit pay? Durable calls (append, then complete) per second with {@code sync=batch} (many
 * callers, one fsync) against {@code sync=always} (one fsync per call), at 1, 16 and 64 callers;
 * and the time a caller waits for its record to be durable. No agent: the journal is the runtime's,
 * driven directly.
 */
final class JournalSuite implements Suite {

  private static final String BENCHMARK = JournalBenchmark.class.getName();
  private static final int[] CALLERS = {1, 16, 64};

  @Override
  public String id() {
    return "journal";
  }

  @Override
  public String title() {
    return "7. Durable @Async's journal: group commit against one fsync per call";
  }

  @Override
  public List<Job> jobs(String agent) {
    List<Job> jobs = new ArrayList<>();
    for (int callers : CALLERS) {
      jobs.add(
          new Job(label(callers), "^" + BENCHMARK.replace(".", "\\.") + "\\.", List.of())
              .withThreads(callers));
    }
    return jobs;
  }

  private static String label(int callers) {
    return callers + " caller" + (callers == 1 ? "" : "s");
  }

  private static Optional<Results.Entry> find(Results results, int callers, String sync) {
    return results.find(label(callers), "durableCall", "sync", sync);
  }

  /** Durable calls per second: the callers over the mean time of one call (µs). */
  private static double callsPerSecond(Results.Entry e, int callers) {
    return callers * 1e6 / e.score();
  }

  @Override
  public Section render(Results results) {
    StringBuilder md =
        new StringBuilder(
            "A durable call is one append (returning once its"
                + " record is durable) and one completion record. `always` fsyncs each record; `batch`"
                + " gathers the records appended meanwhile and fsyncs once for all of them.\n\n"
                + "| callers | sync | calls/s | mean wait | p99 wait |\n| ---: | --- | ---: | ---: | ---: |\n");
    BarChart chart = new BarChart("Durable calls per second", "calls per second; longer is better");
    for (int callers : CALLERS) {
      List<BarChart.Bar> bars = new ArrayList<>();
      for (String sync : List.of("ALWAYS", "BATCH")) {
        find(results, callers, sync)
            .ifPresent(
                e -> {
                  double rate = callsPerSecond(e, callers);
                  md.append("| ")
                      .append(callers)
                      .append(" | ")
                      .append(sync.toLowerCase())
                      .append(" | ")
                      .append(Results.number(rate))
                      .append(" | ")
                      .append(Results.number(e.score()))
                      .append(" µs | ")
                      .append(Results.number(e.percentile(99)))
                      .append(" µs |\n");
                  bars.add(new BarChart.Bar(sync.toLowerCase(), rate, Results.number(rate) + "/s"));
                });
      }
      chart.group(label(callers), bars);
    }
    List<Headline> headlines = new ArrayList<>();
    // Per call time of always / batch at the same callers: calls/s of batch / always.
    Results.ratio(find(results, 64, "ALWAYS"), find(results, 64, "BATCH"), Results::score)
        .ifPresent(
            r ->
                headlines.add(
                    Headline.judged(
                        "durable calls/s at 64 callers, batch /" + " always (one fsync per call)",
                        "≥ 20",
                        Results.Target.atLeast(20),
                        r,
                        "")));
    find(results, 64, "BATCH")
        .ifPresent(
            e ->
                headlines.add(
                    Headline.info(
                        "p99 a caller waits for its durable record, batch, 64 callers",
                        Results.number(e.percentile(99)) + " µs")));
    return new Section(md.toString(), chart, headlines);
  }
}
