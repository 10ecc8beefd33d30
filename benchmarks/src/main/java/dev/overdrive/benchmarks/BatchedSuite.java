package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;

/**
 * Suite 4, request collapsing ({@link BatchedBenchmark}): unbatched calls, java-dataloader by hand
 * and {@code @Batched} against the same pool-limited backend at 1, 8 and 64 callers. One job per
 * concurrency, each with the agent (it instruments only {@link BatchedService}, so the other two
 * variants run as they would without it). The table sets each figure against the best any batcher
 * could reach with that many closed-loop callers.
 */
final class BatchedSuite implements Suite {

  static final int[] CALLERS = {1, 8, 64};

  /** The variants, by benchmark method, in table order. */
  private enum Way {
    UNBATCHED("unbatched", "unbatched"),
    DATALOADER("dataloader", "java-dataloader"),
    BATCHED("batched", "@Batched");

    final String method;
    final String label;

    Way(String method, String label) {
      this.method = method;
      this.label = label;
    }
  }

  @Override
  public String id() {
    return "batched";
  }

  @Override
  public String title() {
    return "4. Request collapsing: `@Batched` vs java-dataloader vs unbatched calls";
  }

  @Override
  public List<Job> jobs(String agent) {
    List<Job> jobs = new ArrayList<>();
    for (int n : CALLERS) {
      jobs.add(
          new Job(
                  label(n),
                  Job.methods(BatchedBenchmark.class, "unbatched", "dataloader", "batched"),
                  List.of(agent, "-Dbench.expect.agent=true"))
              .withThreads(n));
    }
    return jobs;
  }

  private static String label(int callers) {
    return callers + (callers == 1 ? " caller" : " callers");
  }

  // ---- the model: nominal backend times, in milliseconds

  private static final double CALL_MS = BatchedBackend.CALL_NANOS / 1e6;
  private static final double KEY_MS = BatchedBackend.KEY_NANOS / 1e6;

  /** Requests per second of single calls: at most min(n, slots) at once, 1 key each. */
  static double unbatchedCeiling(int callers) {
    return Math.min(callers, BatchedBackend.SLOTS) / (CALL_MS + KEY_MS) * 1000;
  }

  /**
   * Requests per second of the best batching with {@code callers} keys outstanding: they split
   * evenly over min(n, slots) concurrent calls (k/(1 + 0.01k) grows with k but ever slower, so
   * equal batches on every slot beat fewer, larger ones).
   */
  static double batchingCeiling(int callers) {
    int calls = Math.min(callers, BatchedBackend.SLOTS);
    return callers / (CALL_MS + KEY_MS * callers / calls) * 1000;
  }

  // ---- measured figures of one variant at one concurrency

  /** What the table shows of one variant at one concurrency; NaN where a run is missing. */
  private record Row(
      double perSecond,
      double error,
      double p50,
      double p99,
      double callsPerRequest,
      double heldMs) {

    static Row of(Results results, int callers, Way way) {
      Optional<Results.Entry> t = find(results, callers, way, Mode.Throughput);
      Optional<Results.Entry> s = find(results, callers, way, Mode.SampleTime);
      double calls = t.map(e -> counter(e, "backendCalls")).orElse(Double.NaN);
      double keys = t.map(e -> counter(e, "backendKeys")).orElse(Double.NaN);
      double held = t.map(e -> counter(e, "slotMillis")).orElse(Double.NaN);
      return new Row(
          t.map(e -> e.score() * 1000).orElse(Double.NaN),
          t.map(e -> e.primary().getScoreError() * 1000).orElse(Double.NaN),
          s.map(e -> e.percentile(50)).orElse(Double.NaN),
          s.map(e -> e.percentile(99)).orElse(Double.NaN),
          calls / keys,
          held / calls);
    }

    /** Busy slots on average: calls per second times how long each held its slot. */
    double slotsBusy() {
      return perSecond * callsPerRequest * heldMs / 1000;
    }
  }

  private static Optional<Results.Entry> find(Results results, int callers, Way way, Mode mode) {
    return results.all().stream()
        .filter(
            e ->
                e.job().equals(label(callers))
                    && e.method().equals(way.method)
                    && e.result().getParams().getMode() == mode)
        .findFirst();
  }

  /** A counter's rate; only their ratios are used, since all are counted over the same window. */
  private static double counter(Results.Entry e, String name) {
    return e.secondary(name).map(Result::getScore).orElse(Double.NaN);
  }

  @Override
  public Section render(Results results) {
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            """
        **Backend.** A simulated service behind a small connection pool: at most %d calls at once \
        (a fair `Semaphore(%d)`), each holding its slot for %d ms plus %d µs per key. A call parks \
        until %d µs before its deadline (`System.nanoTime()`), then yields the processor until the \
        deadline has passed, so it never takes less than specified; what it really took is the \
        *held* column (parking alone overshot by about 80 µs per call at 64 callers on 2 busy \
        processors, which would have favoured the variants that make fewer calls).

        **Callers.** Each JMH thread is one caller in a closed loop: it asks for one key, waits for \
        the value, asks for the next, with no pause. Caller *t* asks for keys t·2⁴⁰, t·2⁴⁰+1, ...: \
        no two requests share a key, so deduplication never shrinks a batch, and the keys the \
        backend received are exactly the requests it answered. Every value is checked.

        **Variants**, all calling the same backend:
        - *unbatched*: each request is one `load(key)` call.
        - *java-dataloader* 5.0.3 written by hand: one `DataLoader` shared by all callers (cache off, \
        `maxBatchSize` %d), whose batch function runs `loadAll(keys)` on an executor of %d threads \
        (the size of Overdrive's batch executor here), so several batches can be at the backend at \
        once. A caller whose key fills a batch dispatches it; a ticker every %d µs dispatches \
        whatever is queued once the last dispatch is more than %d ms old \
        (`DispatchPredicate.dispatchIfLongerThan`). The library's `ScheduledDataLoaderRegistry` \
        with the same predicate was tried too: it ticks in whole milliseconds and was no faster at \
        any concurrency, so the finer ticker stays.
        - *`@Batched`*: `@Batched(via = "loadAll", maxSize = %d, maxDelay = "%s")` on `find(Long)`, \
        through the agent; the same maximum size and delay as the DataLoader. The maximum size is \
        64 callers ÷ %d slots, so that four calls can share the pool: with 64, every key queued \
        at once would go into one call while three slots idle.

        **Measured.** Throughput mode gives requests/s; `@AuxCounters` count the backend's calls, \
        keys and slot time over the same iterations, so *calls/request* is calls ÷ keys, *held* is \
        slot time ÷ calls, and *slots busy* is requests/s × calls/request × held. SampleTime mode \
        gives p50 and p99 in a separate fork. Both with %s; one fork each, on %d processors. The \
        runs fail instead of reporting if `@Batched` runs without the agent, or if either batching \
        variant makes a backend call per request at %d callers or more.

        **Ceiling.** With N closed-loop callers at most N keys are outstanding, and at most %d calls \
        run at once. Unbatched, that is min(N, %d) calls of %s ms; the best batcher splits the N keys \
        evenly over min(N, %d) concurrent calls: N ÷ (%s ms + %s ms × N ÷ min(N, %d)) requests per ms. \
        The *ceiling* rows use the nominal times.
        """,
            BatchedBackend.SLOTS,
            BatchedBackend.SLOTS,
            BatchedBackend.CALL_NANOS / 1_000_000,
            BatchedBackend.KEY_NANOS / 1000,
            BatchedBackend.PARK_SLACK_NANOS / 1000,
            BatchedService.MAX_SIZE,
            BatchedDataLoader.THREADS,
            BatchedDataLoader.TICK.toNanos() / 1000,
            BatchedService.MAX_DELAY_MILLIS,
            BatchedService.MAX_SIZE,
            BatchedService.MAX_DELAY,
            BatchedBackend.SLOTS,
            iterations(results),
            Runtime.getRuntime().availableProcessors(),
            BatchedBenchmark.MUST_BATCH_FROM,
            BatchedBackend.SLOTS,
            BatchedBackend.SLOTS,
            Results.number(CALL_MS + KEY_MS),
            BatchedBackend.SLOTS,
            Results.number(CALL_MS),
            Results.number(KEY_MS),
            BatchedBackend.SLOTS));
    table(md, results);
    observed(md, results);
    int needed = 1;
    while (batchingCeiling(needed) < 20 * unbatchedCeiling(needed)) {
      needed++;
    }
    int issueBatch = 64; // the issue's 39x: every slot busy with a call of 64 keys
    double fullBatches = BatchedBackend.SLOTS * issueBatch / (CALL_MS + KEY_MS * issueBatch) * 1000;
    md.append(
        String.format(
            Locale.ROOT,
            """

        At 64 callers the best possible batching makes %s req/s, %sx the unbatched ceiling of %s: \
        20x needs at least %d callers (%d concurrent batches of about %d keys), and the issue's \
        "ceiling about 39x" (%d batches of %d keys at once, %s req/s, %sx) needs %d keys waiting at \
        all times, i.e. unlimited demand. With 64 closed-loop callers the 20x target is out of reach \
        by construction, so its headline reads missed; the measured ratio is to be read against the \
        ceiling row.
        """,
            Results.number(batchingCeiling(64)),
            Results.ratio(batchingCeiling(64), unbatchedCeiling(64)),
            Results.number(unbatchedCeiling(64)),
            needed,
            BatchedBackend.SLOTS,
            (needed + BatchedBackend.SLOTS - 1) / BatchedBackend.SLOTS,
            BatchedBackend.SLOTS,
            issueBatch,
            Results.number(fullBatches),
            Results.ratio(fullBatches, unbatchedCeiling(64)),
            BatchedBackend.SLOTS * issueBatch));
    return new Section(md.toString(), chart(results), headlines(results));
  }

  private static String iterations(Results results) {
    return results.all().stream()
        .findFirst()
        .map(
            e -> {
              var p = e.result().getParams();
              return String.format(
                  Locale.ROOT,
                  "%d warm-up and %d measured iterations of %s",
                  p.getWarmup().getCount(),
                  p.getMeasurement().getCount(),
                  p.getMeasurement().getTime());
            })
        .orElse("–");
  }

  private static void table(StringBuilder md, Results results) {
    md.append(
        "\n| callers | variant | req/s | p50 ms | p99 ms | backend calls / request | keys / call"
            + " | held ms / call | slots busy | / unbatched | / java-dataloader |\n"
            + "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int n : CALLERS) {
      Row unbatched = Row.of(results, n, Way.UNBATCHED);
      Row dataloader = Row.of(results, n, Way.DATALOADER);
      for (Way way : Way.values()) {
        Row r = Row.of(results, n, way);
        md.append("| ")
            .append(n)
            .append(" | ")
            .append(way == Way.BATCHED ? "**`@Batched`**" : way.label)
            .append(" | ")
            .append(perSecond(r))
            .append(" | ")
            .append(Results.number(r.p50()))
            .append(" | ")
            .append(Results.number(r.p99()))
            .append(" | ")
            .append(Results.number(r.callsPerRequest()))
            .append(" | ")
            .append(Results.number(1 / r.callsPerRequest()))
            .append(" | ")
            .append(Results.number(r.heldMs()))
            .append(" | ")
            .append(Results.number(r.slotsBusy()))
            .append(" | ")
            .append(way == Way.UNBATCHED ? "" : Results.ratio(r.perSecond(), unbatched.perSecond()))
            .append(" | ")
            .append(way == Way.BATCHED ? Results.ratio(r.perSecond(), dataloader.perSecond()) : "")
            .append(" |\n");
      }
      double best = batchingCeiling(n);
      int calls = Math.min(n, BatchedBackend.SLOTS);
      md.append("| ")
          .append(n)
          .append(" | *ceiling* | *")
          .append(Results.number(best))
          .append("* | | | *")
          .append(Results.number(calls / (double) n))
          .append("* | *")
          .append(Results.number(n / (double) calls))
          .append("* | *")
          .append(Results.number(CALL_MS + KEY_MS * n / calls))
          .append("* | *")
          .append(calls)
          .append("* | *")
          .append(Results.ratio(best, unbatchedCeiling(n)))
          .append("* | |\n");
    }
  }

  /**
   * How close the batching variants came to the ceiling at 64 callers, and how they used the pool.
   */
  private static void observed(StringBuilder md, Results results) {
    Row batched = Row.of(results, 64, Way.BATCHED);
    Row dataloader = Row.of(results, 64, Way.DATALOADER);
    if (Double.isNaN(batched.perSecond()) || Double.isNaN(dataloader.perSecond())) {
      return;
    }
    double best = batchingCeiling(64);
    int ideal = 64 / BatchedBackend.SLOTS;
    md.append(
        String.format(
            Locale.ROOT,
            """

        At 64 callers `@Batched` reached %.0f%% of the ceiling and java-dataloader %.0f%%, with %s and \
        %s keys per call and %s and %s of the %d slots busy on average, where the ceiling keeps %d \
        calls of %d keys in flight""",
            100 * batched.perSecond() / best,
            100 * dataloader.perSecond() / best,
            Results.number(1 / batched.callsPerRequest()),
            Results.number(1 / dataloader.callsPerRequest()),
            Results.number(batched.slotsBusy()),
            Results.number(dataloader.slotsBusy()),
            BatchedBackend.SLOTS,
            BatchedBackend.SLOTS,
            ideal));
    boolean fewerLarger =
        Math.min(1 / batched.callsPerRequest(), 1 / dataloader.callsPerRequest()) > ideal
            && Math.max(batched.slotsBusy(), dataloader.slotsBusy()) < BatchedBackend.SLOTS - 1;
    md.append(
        fewerLarger
            ? ": both make fewer, larger calls. Callers answered by one call come back"
                + " together, and their keys leave together.\n"
            : ".\n");
  }

  private static String perSecond(Row r) {
    if (Double.isNaN(r.error())) {
      return Results.number(r.perSecond());
    }
    boolean noisy = r.error() > Results.NOISY * r.perSecond();
    return Results.number(r.perSecond()) + " ± " + Results.number(r.error()) + (noisy ? " ⚠" : "");
  }

  private static BarChart chart(Results results) {
    BarChart chart =
        new BarChart(
            "Request collapsing: a 4-slot backend, 1 ms + 10 µs per key per call",
            "requests/s, longer is better (x: over unbatched); ceiling: the best possible with that many callers");
    for (int n : CALLERS) {
      List<BarChart.Bar> bars = new ArrayList<>();
      double unbatched = Row.of(results, n, Way.UNBATCHED).perSecond();
      for (Way way : Way.values()) {
        double v = Row.of(results, n, way).perSecond();
        bars.add(
            new BarChart.Bar(
                way.label,
                v,
                Results.number(v)
                    + (way == Way.UNBATCHED ? "" : " (" + Results.ratio(v, unbatched) + "x)")));
      }
      double best = batchingCeiling(n);
      bars.add(
          new BarChart.Bar(
              "ceiling",
              best,
              Results.number(best) + " (" + Results.ratio(best, unbatchedCeiling(n)) + "x)"));
      chart.group(label(n), bars);
    }
    return chart;
  }

  private static List<Headline> headlines(Results results) {
    List<Headline> h = new ArrayList<>();
    Optional<Results.Entry> unbatched64 = find(results, 64, Way.UNBATCHED, Mode.Throughput);
    Results.ratioSpread(find(results, 64, Way.BATCHED, Mode.Throughput), unbatched64)
        .ifPresent(
            r ->
                h.add(
                    Headline.judged(
                        "`@Batched` / unbatched throughput, 64 callers",
                        "≥ 20",
                        Results.Target.atLeast(20),
                        r,
                        " (ceiling "
                            + Results.ratio(batchingCeiling(64), unbatchedCeiling(64))
                            + ")")));
    Results.ratioSpread(
            find(results, 64, Way.BATCHED, Mode.Throughput),
            find(results, 64, Way.DATALOADER, Mode.Throughput))
        .ifPresent(
            r ->
                h.add(
                    Headline.judged(
                        "`@Batched` / hand-written java-dataloader throughput, 64 callers",
                        "≥ 0.9",
                        Results.Target.atLeast(0.9),
                        r,
                        "")));
    double budget = 0.1 * BatchedService.MAX_DELAY_MILLIS;
    Results.perRound(
            f -> Results.percentile(f.get(0), 50) - Results.percentile(f.get(1), 50),
            find(results, 1, Way.BATCHED, Mode.SampleTime),
            find(results, 1, Way.UNBATCHED, Mode.SampleTime))
        .ifPresent(
            added ->
                h.add(
                    Headline.judged(
                        "Median latency `@Batched` adds at 1 caller (p50 minus unbatched p50, ms)",
                        "< " + Results.number(budget) + " ms (10% of maxDelay)",
                        Results.Target.atMost(budget),
                        added,
                        "%+.3f",
                        "")));
    return h;
  }
}
