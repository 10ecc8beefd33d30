package dev.overdrive.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link CacheHitBenchmark} in the JVM configurations it is about and writes a Markdown
 * report. Each variant runs only where it means something: {@code @Cached} needs the agent, and
 * the agent cannot be switched per benchmark, only per fork.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.overdrive.benchmarks.CacheHitRun [JMH options]}.
 * JMH options (such as {@code -wi 1 -i 2}) override the benchmark's defaults. Properties:
 * {@code overdrive.agent.jar} (or {@code $OVERDRIVE_AGENT_JAR}; see {@link AgentJar}),
 * {@code bench.out} (report path, default {@code results/cache-hit.md}), {@code bench.command}
 * (the command line to print in the report), {@code bench.agent} (which agent build it is).
 */
public final class CacheHitRun {

  /** The same heap everywhere, so GC sizing does not differ between configurations. */
  private static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g");

  /** One JVM configuration: the variants run in it, the flags of its forks, the ratios reported. */
  record Config(String title, String meaning, List<Variant> variants, List<String> flags,
      List<Variant[]> ratios) {

    String includeRegex() {
      return CacheHitBenchmark.class.getName().replace(".", "\\.") + "\\.("
          + variants.stream().map(v -> v.prefix).collect(Collectors.joining("|")) + ")_";
    }
  }

  /** A configuration and what its forks measured. */
  record Outcome(Config config, Collection<RunResult> results) {}

  private CacheHitRun() {}

  /**
   * The 1, 5 and 15-minute load averages: other work on the machine shows up here (the
   * benchmark itself adds about 1), and it is the first suspect for a disturbed figure.
   */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  public static void main(String[] args) throws Exception {
    Options cli = new CommandLineOptions(args);
    String agent = "-javaagent:" + AgentJar.locate();
    Path out = Path.of(System.getProperty("bench.out", "results/cache-hit.md"));

    List<Config> configs = List.of(
        new Config("Agent loaded, metrics off",
            "The agent's caches do not record stats (`-Doverdrive.metrics.enabled=false`); compared"
                + " with Caffeine and Spring, neither recording stats.",
            List.of(Variant.PLAIN, Variant.CAFFEINE, Variant.CACHED, Variant.SPRING),
            List.of(agent, "-Doverdrive.metrics.enabled=false", "-Dbench.expect.agent=true"),
            List.of(new Variant[] {Variant.CACHED, Variant.CAFFEINE},
                new Variant[] {Variant.SPRING, Variant.CACHED})),
        new Config("Agent loaded, metrics on",
            "Micrometer is on the class path, so the agent's caches use Caffeine's"
                + " `recordStats()`; compared with Caffeine and Spring, both with `recordStats()`.",
            List.of(Variant.CAFFEINE_STATS, Variant.CACHED, Variant.SPRING_STATS),
            List.of(agent, "-Doverdrive.metrics.enabled=true", "-Dbench.expect.agent=true"),
            List.of(new Variant[] {Variant.CACHED, Variant.CAFFEINE_STATS},
                new Variant[] {Variant.SPRING_STATS, Variant.CACHED})),
        new Config("No agent (control)",
            "The plain, un-annotated method without the agent, to compare with the same method in"
                + " the agent's JVMs above.",
            List.of(Variant.PLAIN),
            List.of("-Dbench.expect.agent=false"),
            List.of()));

    String loadBefore = loadAverage();
    List<Outcome> outcomes = new ArrayList<>();
    for (Config config : configs) {
      List<String> flags = new ArrayList<>(HEAP);
      flags.addAll(config.flags());
      Options options = new OptionsBuilder()
          .parent(cli)
          .include(config.includeRegex())
          .addProfiler(GCProfiler.class)
          .jvmArgsAppend(flags.toArray(String[]::new))
          // A benchmark whose checks fail (a method that does not cache) must stop the run.
          .shouldFailOnError(true)
          .build();
      System.out.println("\n#### " + config.title() + ": " + String.join(" ", flags) + "\n");
      outcomes.add(new Outcome(config, new Runner(options).run()));
    }

    String command = System.getProperty("bench.command",
        ProcessHandle.current().info().commandLine().orElse("(unknown)"));
    String agentBuild = System.getProperty("bench.agent", agent.substring("-javaagent:".length()));
    if (out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(out.toAbsolutePath().getParent());
    }
    String load = loadBefore + " before, " + loadAverage() + " after";
    Files.writeString(out, new CacheHitReport(outcomes, HEAP, command, agentBuild, load).render());
    System.out.println("Report written to " + out.toAbsolutePath());
  }
}
