package dev.overdrive.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * One suite of {@code results/latest.md}: the JMH jobs it needs (each a set of benchmarks run in
 * one JVM configuration) and how their results read as a table and a chart.
 *
 * <p>Suites own their defaults through JMH annotations on their benchmark classes; a job sets only
 * what the configuration is about (JVM flags, thread count). Options given to {@link BenchRun} on
 * its command line override both; the smoke run overrides everything.
 */
interface Suite {

  /** Short name, used to select the suite and to name its chart: {@code results/<id>.svg}. */
  String id();

  /** The section's title in latest.md. */
  String title();

  /**
   * The jobs to run, in order. {@code agent} is the {@code -javaagent:...} flag for agent forks.
   */
  List<Job> jobs(String agent);

  /** The section (Markdown below the title) and its chart, from every job's results. */
  Section render(Results results);

  /** Markdown below the suite's title, the chart it embeds, and its rows of the summary table. */
  record Section(String markdown, BarChart chart, List<Headline> headlines) {}

  /**
   * One figure of the summary at the top of latest.md: what is measured, the target the issues set
   * (empty if none), the measured value, and its verdict (null: no target).
   */
  record Headline(String figure, String target, String measured, Results.Verdict verdict) {

    /** A figure with no target, shown for scale. */
    static Headline info(String figure, String measured) {
      return new Headline(figure, "", measured, null);
    }

    /** A figure checked exactly (a count, bytes), not a timing: met or missed. */
    static Headline exact(String figure, String target, String measured, boolean met) {
      return new Headline(
          figure, target, measured, met ? Results.Verdict.MET : Results.Verdict.MISSED);
    }

    /**
     * A timing figure, measured round by round: met or missed only when its whole confidence
     * interval is on one side of the target, else unsettled. {@code more} follows the interval.
     */
    static Headline judged(
        String figure, String target, Results.Target range, Results.Spread measured, String more) {
      return judged(figure, target, range, measured, "%.2f", more);
    }

    /** The same, the median and interval printed with {@code format}. */
    static Headline judged(
        String figure,
        String target,
        Results.Target range,
        Results.Spread measured,
        String format,
        String more) {
      return new Headline(figure, target, measured.text(format) + more, measured.against(range));
    }
  }

  /**
   * One JMH run: the benchmarks matching {@code include} (a regex over full benchmark names) in
   * forks started with {@code jvmArgs}, at {@code threads} threads (0: the benchmark's own), with
   * JMH's GC profiler ({@code -prof gc}, for bytes allocated per operation) if {@code gc}.
   */
  record Job(String label, String include, List<String> jvmArgs, int threads, boolean gc) {

    Job(String label, String include, List<String> jvmArgs) {
      this(label, include, jvmArgs, 0, false);
    }

    Job withThreads(int count) {
      return new Job(label, include, jvmArgs, count, gc);
    }

    Job withGcProfiler() {
      return new Job(label, include, jvmArgs, threads, true);
    }

    /** The regex that selects the given methods of a benchmark class. */
    static String methods(Class<?> benchmark, String... methodNames) {
      return "^"
          + benchmark.getName().replace(".", "\\.")
          + "\\.("
          + String.join("|", methodNames)
          + ")$";
    }
  }

  /** Where a suite writes its chart. */
  default Path chartFile(Path resultsDirectory) {
    return resultsDirectory.resolve(id() + ".svg");
  }
}
