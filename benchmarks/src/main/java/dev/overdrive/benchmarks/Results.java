package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * A suite's JMH results, by job, benchmark method and parameters; and how figures are printed.
 *
 * <p>Rounds. {@link BenchRun} runs a suite's jobs several times over, one fork of every benchmark
 * per round, so the variants of a comparison alternate in time (A, B, A, B) and a disturbance of
 * the machine falls on both. An {@link Entry} keeps its forks in round order; a figure that
 * compares entries is computed round by round, from forks that ran side by side, and summarised as
 * a {@link Spread}: the median over the rounds and a confidence interval of that median.
 */
final class Results {

  /** An error above this share of the score marks a figure as disturbed (⚠). */
  static final double NOISY = 0.15;

  /** The confidence a {@link Spread}'s interval aims at; it needs 5 rounds or more. */
  static final double CONFIDENCE = 0.90;

  /** One benchmark with its parameters in one job: its forks, one per round, in round order. */
  static final class Entry {
    private final String job;
    private final List<RunResult> forks = new ArrayList<>();
    private RunResult merged;

    Entry(String job) {
      this.job = job;
    }

    String job() {
      return job;
    }

    List<RunResult> forks() {
      return List.copyOf(forks);
    }

    /**
     * Every fork's iterations together, as JMH aggregates the forks of one run: what the tables
     * show as score ± error, percentiles and counters.
     */
    RunResult result() {
      if (merged == null) {
        List<BenchmarkResult> all = new ArrayList<>();
        forks.forEach(f -> all.addAll(f.getBenchmarkResults()));
        merged = forks.size() == 1 ? forks.get(0) : new RunResult(forks.get(0).getParams(), all);
      }
      return merged;
    }

    String method() {
      String benchmark = result().getParams().getBenchmark();
      return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    String param(String name) {
      return result().getParams().getParam(name);
    }

    Result<?> primary() {
      return result().getPrimaryResult();
    }

    /** A secondary result (profiler or {@code @AuxCounters}) over all forks, by name, or empty. */
    Optional<Result<?>> secondary(String name) {
      return Optional.ofNullable(result().getSecondaryResults().get(name));
    }

    /** The median over the forks of their scores: what charts and ratios use. */
    double score() {
      return Spread.of(forks.stream().mapToDouble(Results::score).toArray()).median();
    }

    /** A percentile (0 to 100) of a SampleTime primary result, over all forks. */
    double percentile(double p) {
      return primary().getStatistics().getPercentile(p);
    }
  }

  /**
   * A figure's values over the rounds: their median, and the distribution-free confidence interval
   * of the median from order statistics (the k-th lowest and k-th highest value, with the largest k
   * whose coverage is at least {@link #CONFIDENCE}; with 5 to 8 rounds that is the lowest and
   * highest, at 94% to 99%). Fewer than 5 rounds give no interval of that confidence: {@link
   * #settled()} is then false, whatever the values.
   */
  record Spread(double median, double low, double high, int rounds, double confidence) {

    static Spread of(double[] values) {
      double[] v = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
      int n = v.length;
      if (n == 0) {
        return new Spread(Double.NaN, Double.NaN, Double.NaN, 0, 0);
      }
      double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
      int k = rank(n);
      return new Spread(median, v[k - 1], v[n - k], n, confidence(n));
    }

    /** k: the interval is the k-th lowest and k-th highest of n values. */
    static int rank(int n) {
      int k = 1;
      for (int j = 2; j <= n / 2 && coverage(n, j) >= CONFIDENCE; j++) {
        k = j;
      }
      return k;
    }

    /** The coverage of the interval {@link #of} gives for n values (0 for fewer than 2). */
    static double confidence(int n) {
      return n < 2 ? 0 : coverage(n, rank(n));
    }

    /** P(k-th lowest ≤ median ≤ k-th highest) of n values: 1 - 2 P(Binomial(n, ½) < k). */
    static double coverage(int n, int k) {
      double below = 0;
      double choose = 1;
      for (int i = 0; i < k; i++) {
        below += choose;
        choose = choose * (n - i) / (i + 1);
      }
      return 1 - 2 * below / Math.pow(2, n);
    }

    boolean settled() {
      return confidence >= CONFIDENCE;
    }

    /**
     * Where the interval stands against {@code target}: wholly inside, wholly outside, or across.
     */
    Verdict against(Target target) {
      if (!settled() || Double.isNaN(median)) {
        return Verdict.UNSETTLED;
      }
      if (low >= target.min() && high <= target.max()) {
        return Verdict.MET;
      }
      return high < target.min() || low > target.max() ? Verdict.MISSED : Verdict.UNSETTLED;
    }

    /** "1.02 [0.98, 1.07]": the median, then its interval (or the number of rounds, if too few). */
    String text(String format) {
      if (Double.isNaN(median)) {
        return "–";
      }
      String m = String.format(Locale.ROOT, format, median);
      return rounds < 2
          ? m + " (1 round)"
          : m
              + " ["
              + String.format(Locale.ROOT, format, low)
              + ", "
              + String.format(Locale.ROOT, format, high)
              + "]"
              + (settled() ? "" : " (" + rounds + " rounds)");
    }

    @Override
    public String toString() {
      return text("%.2f");
    }
  }

  /** A target as a closed range of values ({@code ±∞} for a one-sided target). */
  record Target(double min, double max) {
    static Target atMost(double x) {
      return new Target(Double.NEGATIVE_INFINITY, x);
    }

    static Target atLeast(double x) {
      return new Target(x, Double.POSITIVE_INFINITY);
    }

    static Target within(double min, double max) {
      return new Target(min, max);
    }
  }

  /** A headline's verdict: met, missed, or unsettled when its interval crosses the target. */
  enum Verdict {
    MET("met"),
    MISSED("**missed**"),
    UNSETTLED("unsettled");

    final String text;

    Verdict(String text) {
      this.text = text;
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  /** One round of a job: each result (one fork) joins the entry of its benchmark and parameters. */
  void add(String job, Collection<RunResult> results) {
    for (RunResult r : results) {
      Entry e = entries.computeIfAbsent(job + "\n" + r.getParams().id(), k -> new Entry(job));
      e.forks.add(r);
      e.merged = null;
    }
  }

  List<Entry> all() {
    return List.copyOf(entries.values());
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The most forks any entry has: the rounds run. */
  int rounds() {
    return entries.values().stream().mapToInt(e -> e.forks.size()).max().orElse(0);
  }

  /**
   * The result of {@code method} in job {@code job} (null: any job) whose parameters include every
   * pair of {@code params} (name, value, name, value...).
   */
  Optional<Entry> find(String job, String method, String... params) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      wanted.put(params[i], params[i + 1]);
    }
    return entries.values().stream()
        .filter(e -> job == null || e.job().equals(job))
        .filter(e -> e.method().equals(method))
        .filter(
            e -> wanted.entrySet().stream().allMatch(w -> w.getValue().equals(e.param(w.getKey()))))
        .findFirst();
  }

  // ---- figures computed round by round

  /** A fork's primary score. */
  static double score(RunResult fork) {
    return fork.getPrimaryResult().getScore();
  }

  /** A fork's secondary result (profiler or counter) by name, or NaN. */
  static double secondary(RunResult fork, String name) {
    Result<?> r = fork.getSecondaryResults().get(name);
    return r == null ? Double.NaN : r.getScore();
  }

  /** A percentile (0 to 100) of a fork's SampleTime primary result. */
  static double percentile(RunResult fork, double p) {
    return fork.getPrimaryResult().getStatistics().getPercentile(p);
  }

  /**
   * {@code figure} of each round's forks of {@code entries} (in their order), over the rounds every
   * entry has; empty if an entry is missing.
   */
  @SafeVarargs
  static Optional<Spread> perRound(
      ToDoubleFunction<List<RunResult>> figure, Optional<Entry>... entries) {
    List<Entry> present = new ArrayList<>();
    for (Optional<Entry> e : entries) {
      if (e.isEmpty()) {
        return Optional.empty();
      }
      present.add(e.get());
    }
    int rounds = present.stream().mapToInt(e -> e.forks.size()).min().orElse(0);
    double[] values = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      int round = i;
      values[i] = figure.applyAsDouble(present.stream().map(e -> e.forks.get(round)).toList());
    }
    return Optional.of(Spread.of(values));
  }

  /** {@code metric(a) / metric(b)}, round by round. */
  static Optional<Spread> ratio(
      Optional<Entry> a, Optional<Entry> b, ToDoubleFunction<RunResult> metric) {
    return perRound(f -> metric.applyAsDouble(f.get(0)) / metric.applyAsDouble(f.get(1)), a, b);
  }

  /** The ratio of the primary scores, round by round. */
  static Optional<Spread> ratioSpread(Optional<Entry> a, Optional<Entry> b) {
    return ratio(a, b, Results::score);
  }

  /** {@code metric(a) / constant}, round by round. */
  static Optional<Spread> ratio(
      Optional<Entry> a, double constant, ToDoubleFunction<RunResult> metric) {
    return perRound(f -> metric.applyAsDouble(f.get(0)) / constant, a);
  }

  // ---- formatting, shared by the suites

  /** Three significant figures at most, enough for benchmark noise. */
  static String number(double x) {
    if (Double.isNaN(x)) {
      return "–";
    }
    double a = Math.abs(x);
    return String.format(
        Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", x);
  }

  /** Score ± error, with ⚠ when the error exceeds {@link #NOISY} of the score. */
  static String scoreWithError(Result<?> r) {
    double error = r.getScoreError();
    if (Double.isNaN(error)) {
      return number(r.getScore());
    }
    return number(r.getScore())
        + " ± "
        + number(error)
        + (error > NOISY * Math.abs(r.getScore()) ? " ⚠" : "");
  }

  static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0
        ? "–"
        : String.format(Locale.ROOT, "%.2f", a / b);
  }

  /** The median over the rounds of the ratio of the two entries' primary scores. */
  static String ratio(Optional<Entry> a, Optional<Entry> b) {
    return ratioSpread(a, b)
        .map(s -> Double.isNaN(s.median()) ? "–" : String.format(Locale.ROOT, "%.2f", s.median()))
        .orElse("–");
  }
}
