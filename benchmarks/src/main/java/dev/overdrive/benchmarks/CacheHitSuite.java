package dev.overdrive.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Suite 1, the cost of a cache hit ({@link CacheHitBenchmark}) in each JVM configuration it is
 * about. Each variant runs only where it means something: {@code @Cached} needs the agent, and the
 * agent cannot be switched per benchmark, only per fork.
 */
final class CacheHitSuite implements Suite {

  private static final String[] SHAPES = {"1arg", "3args"};
  private static final String[] KEYS = {"hot", "zipf"};

  private static final String NO_STATS = "Agent loaded, metrics off";
  private static final String STATS = "Agent loaded, metrics on";
  private static final String NO_AGENT = "No agent (control)";

  /** A job's variants and the ratios its table shows. */
  private record Config(
      String title, String meaning, List<Variant> variants, List<Variant[]> ratios) {}

  private static final List<Config> CONFIGS =
      List.of(
          new Config(
              NO_STATS,
              "The agent's caches do not record stats (`-Doverdrive.metrics.enabled=false`); compared"
                  + " with Caffeine and Spring, neither recording stats.",
              List.of(Variant.PLAIN, Variant.CAFFEINE, Variant.CACHED, Variant.SPRING),
              List.of(
                  new Variant[] {Variant.CACHED, Variant.CAFFEINE},
                  new Variant[] {Variant.SPRING, Variant.CACHED})),
          new Config(
              STATS,
              "Micrometer is on the class path, so the agent's caches use Caffeine's `recordStats()`;"
                  + " compared with Caffeine and Spring, both with `recordStats()`.",
              List.of(Variant.CAFFEINE_STATS, Variant.CACHED, Variant.SPRING_STATS),
              List.of(
                  new Variant[] {Variant.CACHED, Variant.CAFFEINE_STATS},
                  new Variant[] {Variant.SPRING_STATS, Variant.CACHED})),
          new Config(NO_AGENT, "", List.of(Variant.PLAIN), List.of()));

  @Override
  public String id() {
    return "cache-hit";
  }

  @Override
  public String title() {
    return "1. Cache hit: `@Cached` vs hand-written Caffeine vs Spring `@Cacheable`";
  }

  @Override
  public List<Job> jobs(String agent) {
    return List.of(
        job(
            CONFIGS.get(0),
            List.of(agent, "-Doverdrive.metrics.enabled=false", "-Dbench.expect.agent=true")),
        job(
            CONFIGS.get(1),
            List.of(agent, "-Doverdrive.metrics.enabled=true", "-Dbench.expect.agent=true")),
        job(CONFIGS.get(2), List.of("-Dbench.expect.agent=false")));
  }

  private static Job job(Config config, List<String> flags) {
    String include =
        "^"
            + CacheHitBenchmark.class.getName().replace(".", "\\.")
            + "\\.("
            + String.join("|", config.variants().stream().map(v -> v.prefix).toList())
            + ")_";
    return new Job(config.title(), include, flags.stream().filter(f -> !f.isEmpty()).toList())
        .withGcProfiler();
  }

  @Override
  public Section render(Results results) {
    StringBuilder md = new StringBuilder();
    md.append("Keys: `hot` asks for one key over and over; `zipf` follows a Zipf(")
        .append(KeySpace.ZIPF_EXPONENT)
        .append(") distribution over ")
        .append(KeySpace.KEYS)
        .append(" keys. Every key is in every cache (maximum size ")
        .append(KeySpace.MAX_SIZE)
        .append(
            ") before measuring, and each cache is checked afterwards to have run no body: every"
                + " measured call is a hit. `1arg` is `lookup(String)`, `3args` is `lookup3(String, int, long)`"
                + " (Caffeine's key is a record, Spring's a `SimpleKey`). ns/op with `-prof gc`; B/op is"
                + " `gc.alloc.rate.norm`. A ratio below 1 means the first-named variant is faster.\n");
    for (Config config : CONFIGS) {
      if (!config.ratios().isEmpty()) {
        configuration(md, config, results);
      }
    }
    control(md, results);
    return new Section(md.toString(), chart(results), headlines(results));
  }

  private static void configuration(StringBuilder md, Config config, Results results) {
    md.append("\n### ")
        .append(config.title())
        .append("\n\n")
        .append(config.meaning())
        .append("\n\n");
    StringBuilder header = new StringBuilder("| method | keys |");
    StringBuilder rule = new StringBuilder("| --- | --- |");
    for (Variant v : config.variants()) {
      header.append(' ').append(v.label).append(" ns/op | B/op |");
      rule.append(" ---: | ---: |");
    }
    for (Variant[] r : config.ratios()) {
      header.append(' ').append(r[0].label).append(" / ").append(r[1].label).append(" |");
      rule.append(" ---: |");
    }
    md.append(header).append('\n').append(rule).append('\n');
    for (String shape : SHAPES) {
      for (String keys : KEYS) {
        md.append("| ").append(shape).append(" | ").append(keys).append(" |");
        for (Variant v : config.variants()) {
          Optional<Results.Entry> e = find(results, config.title(), v, shape, keys);
          md.append(
              e.map(x -> " " + Results.scoreWithError(x.primary()) + " | " + bytes(x) + " |")
                  .orElse(" – | – |"));
        }
        for (Variant[] r : config.ratios()) {
          md.append(' ')
              .append(
                  Results.ratio(
                      find(results, config.title(), r[0], shape, keys),
                      find(results, config.title(), r[1], shape, keys)))
              .append(" |");
        }
        md.append('\n');
      }
    }
  }

  /** The plain method with the agent loaded (and awake) against the same without the agent. */
  private static void control(StringBuilder md, Results results) {
    md.append("\n### Control: an un-annotated method with and without the agent\n\n")
        .append(
            "The plain method (no annotation, so never instrumented) in a JVM without the agent"
                + " and in one where the agent is loaded and awake, having instrumented another class.\n\n")
        .append(
            "| method | keys | no agent ns/op | B/op | agent ns/op | B/op | agent / no agent |\n")
        .append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (String shape : SHAPES) {
      for (String keys : KEYS) {
        Optional<Results.Entry> without = find(results, NO_AGENT, Variant.PLAIN, shape, keys);
        Optional<Results.Entry> with = find(results, NO_STATS, Variant.PLAIN, shape, keys);
        if (without.isEmpty() || with.isEmpty()) {
          continue;
        }
        md.append("| ")
            .append(shape)
            .append(" | ")
            .append(keys)
            .append(" | ")
            .append(Results.scoreWithError(without.get().primary()))
            .append(" | ")
            .append(bytes(without.get()))
            .append(" | ")
            .append(Results.scoreWithError(with.get().primary()))
            .append(" | ")
            .append(bytes(with.get()))
            .append(" | ")
            .append(Results.ratio(with, without))
            .append(" |\n");
      }
    }
  }

  private static BarChart chart(Results results) {
    BarChart chart =
        new BarChart("Cache hit, agent loaded, metrics off", "ns per call; shorter is better");
    for (String shape : SHAPES) {
      for (String keys : KEYS) {
        List<BarChart.Bar> bars = new ArrayList<>();
        for (Variant v : CONFIGS.get(0).variants()) {
          find(results, NO_STATS, v, shape, keys)
              .ifPresent(
                  e ->
                      bars.add(
                          new BarChart.Bar(v.label, e.score(), Results.number(e.score()) + " ns")));
        }
        chart.group(
            (shape.equals("1arg") ? "1 argument" : "3 arguments") + ", " + keys + " keys", bars);
      }
    }
    return chart;
  }

  private static List<Headline> headlines(Results results) {
    List<Headline> h = new ArrayList<>();
    for (String shape : SHAPES) {
      for (String keys : KEYS) {
        Results.ratioSpread(
                find(results, NO_STATS, Variant.CACHED, shape, keys),
                find(results, NO_STATS, Variant.CAFFEINE, shape, keys))
            .ifPresent(
                r ->
                    h.add(
                        Headline.judged(
                            "`@Cached` hit / hand-written Caffeine, " + label(shape, keys),
                            "≤ 1.25 (aim 1.0)",
                            Results.Target.atMost(1.25),
                            r,
                            "")));
      }
    }
    Results.ratioSpread(
            find(results, NO_STATS, Variant.SPRING, "1arg", "hot"),
            find(results, NO_STATS, Variant.CACHED, "1arg", "hot"))
        .ifPresent(
            r ->
                h.add(
                    Headline.judged(
                        "Spring `@Cacheable` hit / `@Cached` hit, " + label("1arg", "hot"),
                        "≥ 10",
                        Results.Target.atLeast(10),
                        r,
                        "")));
    for (String keys : KEYS) {
      find(results, NO_STATS, Variant.CACHED, "1arg", keys)
          .flatMap(e -> e.secondary("gc.alloc.rate.norm"))
          .ifPresent(
              b ->
                  h.add(
                      Headline.exact(
                          "Bytes allocated by a `@Cached` hit, " + label("1arg", keys),
                          "0",
                          String.format(Locale.ROOT, "%.0f B", b.getScore()),
                          b.getScore() < 0.5)));
    }
    for (String keys : KEYS) {
      // "Indistinguishable": within 5% either way.
      Results.ratioSpread(
              find(results, NO_STATS, Variant.PLAIN, "1arg", keys),
              find(results, NO_AGENT, Variant.PLAIN, "1arg", keys))
          .ifPresent(
              r ->
                  h.add(
                      Headline.judged(
                          "Un-annotated method, agent loaded / no agent, " + label("1arg", keys),
                          "indistinguishable (0.95 to 1.05)",
                          Results.Target.within(0.95, 1.05),
                          r,
                          "")));
    }
    return h;
  }

  private static String label(String shape, String keys) {
    return (shape.equals("1arg") ? "1 argument" : "3 arguments") + ", " + keys + " keys";
  }

  private static Optional<Results.Entry> find(
      Results results, String job, Variant v, String shape, String keys) {
    return results.find(job, v.prefix + "_" + shape, "keys", keys);
  }

  private static String bytes(Results.Entry e) {
    return e.secondary("gc.alloc.rate.norm")
        .map(b -> String.format(Locale.ROOT, "%.0f", b.getScore()))
        .orElse("–");
  }
}
