package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** A suite's JMH results, by job, benchmark method and parameters; and how figures are printed. */
final class Results {

  /** An error above this share of the score marks a figure as disturbed (⚠). */
  static final double NOISY = 0.15;

  /** A run result with the label of the job that produced it. */
  record Entry(String job, RunResult result) {

    String method() {
      String benchmark = result.getParams().getBenchmark();
      return benchmark.substring(benchmark.lastIndexOf('.') + 1);
    }

    String param(String name) {
      return result.getParams().getParam(name);
    }

    Result<?> primary() {
      return result.getPrimaryResult();
    }

    /** A secondary result (profiler or {@code @AuxCounters}) by name, or empty. */
    Optional<Result<?>> secondary(String name) {
      return Optional.ofNullable(result.getSecondaryResults().get(name));
    }

    double score() {
      return primary().getScore();
    }

    /** A percentile (0 to 100) of a SampleTime primary result. */
    double percentile(double p) {
      return primary().getStatistics().getPercentile(p);
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  void add(String job, Collection<RunResult> results) {
    for (RunResult r : results) {
      entries.add(new Entry(job, r));
    }
  }

  List<Entry> all() {
    return List.copyOf(entries);
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * The result of {@code method} in job {@code job} (null: any job) whose parameters include
   * every pair of {@code params} (name, value, name, value...).
   */
  Optional<Entry> find(String job, String method, String... params) {
    Map<String, String> wanted = new HashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      wanted.put(params[i], params[i + 1]);
    }
    return entries.stream()
        .filter(e -> job == null || e.job().equals(job))
        .filter(e -> e.method().equals(method))
        .filter(e -> wanted.entrySet().stream().allMatch(w -> w.getValue().equals(e.param(w.getKey()))))
        .findFirst();
  }

  // ---- formatting, shared by the suites

  /** Three significant figures at most, enough for benchmark noise. */
  static String number(double x) {
    if (Double.isNaN(x)) {
      return "–";
    }
    double a = Math.abs(x);
    return String.format(Locale.ROOT, a >= 100 ? "%,.0f" : a >= 10 ? "%.1f" : a >= 1 ? "%.2f" : "%.3f", x);
  }

  /** Score ± error, with ⚠ when the error exceeds {@link #NOISY} of the score. */
  static String scoreWithError(Result<?> r) {
    double error = r.getScoreError();
    if (Double.isNaN(error)) {
      return number(r.getScore());
    }
    return number(r.getScore()) + " ± " + number(error) + (error > NOISY * Math.abs(r.getScore()) ? " ⚠" : "");
  }

  static String ratio(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  static String ratio(Optional<Entry> a, Optional<Entry> b) {
    return a.isPresent() && b.isPresent() ? ratio(a.get().score(), b.get().score()) : "–";
  }
}
