package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;

/**
 * Suite 5, {@code @Parallel} ({@link ParallelBenchmark}) against a sequential loop, {@code
 * parallelStream()} and {@code CompletableFuture.allOf} by hand, on I/O-bound and CPU-bound items.
 * One job: the agent in every fork, with the {@code io} executor sized at 50 threads.
 */
final class ParallelSuite implements Suite {

  private static final String JOB =
      "Agent loaded, io executor of " + ParallelWork.IO_CONCURRENCY + " threads";

  /** A variant: its benchmark method and how the report names it. */
  private record Variant(String method, String label) {}

  private static final Variant SEQUENTIAL = new Variant("sequential", "sequential loop");
  private static final Variant STREAM = new Variant("parallelStream", "parallelStream()");
  private static final Variant ALL_OF = new Variant("allOf", "allOf by hand");
  private static final Variant PARALLEL = new Variant("parallel", "@Parallel");
  private static final List<Variant> VARIANTS = List.of(SEQUENTIAL, STREAM, ALL_OF, PARALLEL);

  /** 1,000 items, 50 at a time, 1 ms each. */
  private static final double IDEAL_MS = (double) ParallelWork.ITEMS / ParallelWork.IO_CONCURRENCY;

  @Override
  public String id() {
    return "parallel";
  }

  @Override
  public String title() {
    return "5. Parallel: `@Parallel` vs `parallelStream()` vs `allOf` by hand vs a loop";
  }

  @Override
  public List<Job> jobs(String agent) {
    return List.of(
        new Job(
            JOB,
            Job.methods(ParallelBenchmark.class, ".*"),
            List.of(
                agent,
                "-Doverdrive.executor."
                    + ParallelWork.IO_EXECUTOR
                    + ".threads="
                    + ParallelWork.IO_CONCURRENCY,
                "-Dbench.expect.agent=true")));
  }

  @Override
  public Section render(Results results) {
    int processors = Runtime.getRuntime().availableProcessors();
    double sleepMs = oneSleepMs(results);
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%,d", ParallelWork.ITEMS))
        .append(
            " items processed by a sequential loop; by `parallelStream().mapToLong(item).sum()` on the"
                + " common pool (parallelism ")
        .append(ForkJoinPool.getCommonPoolParallelism())
        .append(
            " here, plus the caller); by `CompletableFuture.supplyAsync` per chunk and `allOf` on a"
                + " pool configured like the Overdrive executor `@Parallel` uses (the caller waits); and by a"
                + " `@Parallel` method whose body is the loop (the caller runs chunks too). Every call returns"
                + " the known sum of the items' values and is checked; each variant checks at tear-down that"
                + " every item ran once per call and the list was split as claimed. *In flight*: the most"
                + " items that ran at once in a measurement iteration (highest over the iterations). ms per"
                + " call; ratios above 1 mean the row's variant is slower.\n");

    md.append("\n### I/O-bound: each item `Thread.sleep(1)`\n\n")
        .append("`@Parallel(chunkSize = 1, maxConcurrency = ")
        .append(ParallelWork.IO_CONCURRENCY)
        .append(", executor = \"io\")` with `-Doverdrive.executor.io.threads=")
        .append(ParallelWork.IO_CONCURRENCY)
        .append("`; `allOf` on a pool of ")
        .append(ParallelWork.IO_CONCURRENCY)
        .append(" threads, one task per item. Ideal: ")
        .append(String.format(Locale.ROOT, "%,d", ParallelWork.ITEMS))
        .append(" items, ")
        .append(ParallelWork.IO_CONCURRENCY)
        .append(" at a time, 1 ms each = ")
        .append(Results.number(IDEAL_MS))
        .append(" ms; but `Thread.sleep(1)` measured ")
        .append(Double.isNaN(sleepMs) ? "–" : Results.number(sleepMs * 1000) + " µs")
        .append(" here (one thread), so the ideal from the measured sleep is ")
        .append(Results.number(IDEAL_MS * sleepMs))
        .append(" ms. Threads are warm (started during warm-up).\n\n")
        .append("| variant | ms/op | in flight | / ideal ")
        .append(Results.number(IDEAL_MS))
        .append(" ms | / ideal from measured sleep | / parallelStream | / allOf |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Variant v : VARIANTS) {
      Optional<Results.Entry> e = find(results, v, "io");
      md.append("| ")
          .append(v.label())
          .append(" | ")
          .append(e.map(x -> Results.scoreWithError(x.primary())).orElse("–"))
          .append(" | ")
          .append(e.map(ParallelSuite::inFlight).orElse("–"))
          .append(" | ")
          .append(e.map(x -> Results.ratio(x.score(), IDEAL_MS)).orElse("–"))
          .append(" | ")
          .append(e.map(x -> Results.ratio(x.score(), IDEAL_MS * sleepMs)).orElse("–"))
          .append(" | ")
          .append(Results.ratio(e, find(results, STREAM, "io")))
          .append(" | ")
          .append(Results.ratio(e, find(results, ALL_OF, "io")))
          .append(" |\n");
    }

    md.append("\n### CPU-bound: each item about 10 µs of arithmetic\n\n")
        .append("`@Parallel(chunkSize = ")
        .append(ParallelWork.CPU_CHUNK)
        .append(")` on the `default` executor, `maxConcurrency` its default (processors: ")
        .append(processors)
        .append(", the caller included); `allOf` on a pool of ")
        .append(processors)
        .append(" threads, one task per chunk of ")
        .append(ParallelWork.CPU_CHUNK)
        .append(" items.\n\n")
        .append(
            "| variant | ms/op | in flight | speed-up over the loop | / parallelStream | / allOf |\n")
        .append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Variant v : VARIANTS) {
      Optional<Results.Entry> e = find(results, v, "cpu");
      md.append("| ")
          .append(v.label())
          .append(" | ")
          .append(e.map(x -> Results.scoreWithError(x.primary())).orElse("–"))
          .append(" | ")
          .append(e.map(ParallelSuite::inFlight).orElse("–"))
          .append(" | ")
          .append(Results.ratio(find(results, SEQUENTIAL, "cpu"), e))
          .append(" | ")
          .append(Results.ratio(e, find(results, STREAM, "cpu")))
          .append(" | ")
          .append(Results.ratio(e, find(results, ALL_OF, "cpu")))
          .append(" |\n");
    }
    return new Section(md.toString(), chart(results, sleepMs), headlines(results, sleepMs));
  }

  private static BarChart chart(Results results, double sleepMs) {
    BarChart chart = new BarChart("Parallel: 1,000 items", "ms per call; shorter is better");
    List<BarChart.Bar> io = new ArrayList<>();
    List<BarChart.Bar> wide = new ArrayList<>();
    for (Variant v : VARIANTS) {
      find(results, v, "io")
          .ifPresent(
              e -> {
                BarChart.Bar bar =
                    new BarChart.Bar(v.label(), e.score(), Results.number(e.score()) + " ms");
                io.add(bar);
                if (v == ALL_OF || v == PARALLEL) {
                  wide.add(bar);
                }
              });
    }
    if (!Double.isNaN(sleepMs)) {
      wide.add(
          new BarChart.Bar(
              "ideal (measured sleep)",
              IDEAL_MS * sleepMs,
              Results.number(IDEAL_MS * sleepMs) + " ms"));
    }
    chart.group("I/O, 1 ms sleep each", io);
    chart.group("I/O, " + ParallelWork.IO_CONCURRENCY + " at a time", wide);
    List<BarChart.Bar> cpu = new ArrayList<>();
    for (Variant v : VARIANTS) {
      find(results, v, "cpu")
          .ifPresent(
              e ->
                  cpu.add(
                      new BarChart.Bar(v.label(), e.score(), Results.number(e.score()) + " ms")));
    }
    chart.group("CPU, ~10 µs each", cpu);
    return chart;
  }

  private static List<Headline> headlines(Results results, double sleepMs) {
    List<Headline> h = new ArrayList<>();
    Optional<Results.Entry> parallel = find(results, PARALLEL, "io");
    Optional<Results.Entry> stream = find(results, STREAM, "io");
    Results.ratio(parallel, IDEAL_MS, Results::score)
        .ifPresent(
            r ->
                h.add(
                    Headline.judged(
                        "`@Parallel` over "
                            + String.format(Locale.ROOT, "%,d", ParallelWork.ITEMS)
                            + " items of 1 ms sleep, `chunkSize = 1`, `maxConcurrency = "
                            + ParallelWork.IO_CONCURRENCY
                            + "`, warm executor: time / ideal "
                            + Results.number(IDEAL_MS)
                            + " ms",
                        "≤ 1.5",
                        Results.Target.atMost(1.5),
                        r,
                        String.format(
                            Locale.ROOT,
                            " (%s ms; %s of the ideal from the measured sleep)",
                            Results.number(parallel.get().score()),
                            Results.ratio(parallel.get().score(), IDEAL_MS * sleepMs)))));
    if (parallel.isPresent() && stream.isPresent()) {
      h.add(
          Headline.info(
              "`parallelStream()` / `@Parallel`, same I/O-bound items",
              Results.ratio(stream, parallel)
                  + " ("
                  + Results.number(stream.get().score())
                  + " ms)"));
    }
    Optional<Results.Entry> loop = find(results, SEQUENTIAL, "cpu");
    Optional<Results.Entry> cpu = find(results, PARALLEL, "cpu");
    if (loop.isPresent() && cpu.isPresent()) {
      h.add(
          Headline.info(
              "`@Parallel` speed-up over the loop, CPU-bound items ("
                  + Runtime.getRuntime().availableProcessors()
                  + " processors)",
              Results.ratio(loop, cpu)
                  + " (parallelStream "
                  + Results.ratio(loop, find(results, STREAM, "cpu"))
                  + ", allOf "
                  + Results.ratio(loop, find(results, ALL_OF, "cpu"))
                  + ")"));
    }
    return h;
  }

  /** {@code oneSleep} in ms, or NaN. */
  private static double oneSleepMs(Results results) {
    return results.find(JOB, "oneSleep").map(e -> e.score() / 1000).orElse(Double.NaN);
  }

  /** The highest per-iteration peak of items in flight. */
  private static String inFlight(Results.Entry e) {
    double peak = 0;
    for (BenchmarkResult b : e.result().getBenchmarkResults()) {
      for (IterationResult i : b.getIterationResults()) {
        Result<?> r = i.getSecondaryResults().get("peakInFlight");
        peak = r == null ? peak : Math.max(peak, r.getScore());
      }
    }
    return peak == 0 ? "–" : String.format(Locale.ROOT, "%.0f", peak);
  }

  private static Optional<Results.Entry> find(Results results, Variant v, String work) {
    return results.find(JOB, v.method(), "work", work);
  }
}
