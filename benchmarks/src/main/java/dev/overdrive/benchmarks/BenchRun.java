package dev.overdrive.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the suites and writes {@code latest.md} with a chart per suite.
 *
 * <p>Rounds. A suite runs in rounds ({@link #ROUNDS} by default): each round runs every job of the
 * suite once, as its own JMH invocation of one fork per benchmark, the jobs in alternating order
 * (1, 2, 3 then 3, 2, 1). So the forks of the variants of one comparison alternate in time (A, B,
 * A, B) and what disturbs the machine for a while falls on all of them, and {@link Results}
 * compares variants round by round and takes medians over the rounds.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.overdrive.benchmarks.BenchRun [suite ids] [JMH
 * options]}; no id runs every suite. JMH options ({@code -wi 1 -i 3}) override the suites'
 * defaults; {@code -f N} sets the number of rounds ({@code -f 0}: one round, in this JVM).
 * Properties: {@code bench.out} (directory for latest.md and the charts, default {@code results}),
 * {@code bench.command} and {@code bench.agent} (shown in the report), {@code overdrive.agent.jar}
 * (see {@link AgentJar}), {@code bench.startup} (a startup.md to include), and {@code
 * bench.smoke=true}: every benchmark runs once, briefly, in this JVM (which must have the agent),
 * only to prove that it still works.
 */
public final class BenchRun {

  /** Every suite, in report order. */
  static final List<Suite> SUITES =
      List.of(
          new CacheHitSuite(),
          new MissStormSuite(),
          new AsyncSuite(),
          new BatchedSuite(),
          new ParallelSuite(),
          new QueueSuite(),
          new JournalSuite());

  /**
   * Rounds per suite by default: the fewest whose interval of a median reaches {@link
   * Results#CONFIDENCE} (5 forks: 94%), so a summary verdict can be met or missed.
   */
  static final int ROUNDS = 5;

  /** The same heap in every fork, so GC sizing does not differ between configurations. */
  static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g");

  private BenchRun() {}

  public static void main(String[] args) throws Exception {
    List<String> ids = new ArrayList<>();
    List<String> jmhArgs = new ArrayList<>();
    for (String a : args) {
      (jmhArgs.isEmpty() && !a.startsWith("-") ? ids : jmhArgs).add(a);
    }
    List<Suite> suites = select(ids);
    boolean smoke = Boolean.getBoolean("bench.smoke");
    Options cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    // The smoke run's jobs use this JVM's agent: their flag only marks them as needing it.
    String agent = smoke ? "-javaagent:(this JVM's)" : "-javaagent:" + AgentJar.locate();
    Path out = Path.of(System.getProperty("bench.out", "results")).toAbsolutePath();
    Files.createDirectories(out);

    String loadBefore = MarkdownReport.loadAverage();
    // -f N: rounds of one fork each; -f 0: one round in this JVM (JMH's meaning), as the smoke run.
    int forks = cli.getForkCount().orElse(-1);
    int rounds = smoke || forks == 0 ? 1 : forks > 0 ? forks : ROUNDS;
    long started = System.nanoTime();
    Map<Suite, Results> results = new LinkedHashMap<>();
    for (Suite suite : suites) {
      Results r = new Results();
      List<Suite.Job> jobs = suite.jobs(agent);
      for (int round = 0; round < rounds; round++) {
        List<Suite.Job> order = new ArrayList<>(jobs);
        if (round % 2 == 1) {
          Collections.reverse(order);
        }
        for (Suite.Job job : order) {
          System.out.printf(
              "%n#### %s: %s, round %d of %d (%d s since the start)%n%n",
              suite.title(),
              job.label(),
              round + 1,
              rounds,
              TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
          r.add(job.label(), run(job, cli, smoke, forks == 0));
        }
      }
      results.put(suite, r);
    }
    if (smoke) {
      checkEveryBenchmarkRan(results.values(), ids.isEmpty());
    }
    String command =
        System.getProperty(
            "bench.command", ProcessHandle.current().info().commandLine().orElse("(unknown)"));
    String agentBuild = System.getProperty("bench.agent", agent.substring("-javaagent:".length()));
    String startup = System.getProperty("bench.startup");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    MarkdownReport report =
        new MarkdownReport(
            command,
            agentBuild,
            loadBefore + " before, " + MarkdownReport.loadAverage() + " after",
            startup == null ? null : Path.of(startup),
            String.format(
                "JMH suites %d min %02d s, %d %s each",
                seconds / 60, seconds % 60, rounds, rounds == 1 ? "round" : "rounds"));
    report.write(results, out);
    System.out.println("MarkdownReport written to " + out.resolve("latest.md"));
  }

  /**
   * The smoke run exists so that no benchmark rots: each one in the jar must belong to some suite's
   * job, and each must have produced a finite score.
   */
  private static void checkEveryBenchmarkRan(Collection<Results> all, boolean everySuite) {
    Set<String> ran = new TreeSet<>();
    for (Results r : all) {
      for (Results.Entry e : r.all()) {
        if (!Double.isFinite(e.score())) {
          throw new IllegalStateException(
              e.result().getParams().getBenchmark() + " scored " + e.score());
        }
        ran.add(e.result().getParams().getBenchmark());
      }
    }
    Set<String> missing = new TreeSet<>();
    for (BenchmarkListEntry b :
        BenchmarkList.defaultList()
            .getAll(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT),
                List.of())) {
      if (!ran.contains(b.getUsername())) {
        missing.add(b.getUsername());
      }
    }
    if (everySuite && !missing.isEmpty()) {
      throw new IllegalStateException("benchmarks in no suite's job: " + missing);
    }
    System.out.println("Smoke run: " + ran.size() + " benchmarks ran, each with a finite score.");
  }

  private static List<Suite> select(List<String> ids) {
    if (ids.isEmpty()) {
      return SUITES;
    }
    List<Suite> chosen = new ArrayList<>();
    for (String id : ids) {
      chosen.add(
          SUITES.stream()
              .filter(s -> s.id().equals(id))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "no suite "
                              + id
                              + "; suites: "
                              + SUITES.stream().map(Suite::id).toList())));
    }
    return chosen;
  }

  /** One round of a job: one fork of each of its benchmarks (none if {@code inProcess}). */
  private static Collection<RunResult> run(
      Suite.Job job, Options cli, boolean smoke, boolean inProcess) throws Exception {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .parent(cli)
            .include(job.include())
            .forks(inProcess ? 0 : 1)
            // A benchmark whose checks fail (a method that does not cache, a wrong value) stops the
            // run.
            .shouldFailOnError(true);
    if (job.threads() > 0) {
      options.threads(job.threads());
    }
    if (job.gc() && !smoke) {
      options.addProfiler(GCProfiler.class);
    }
    if (smoke) {
      options
          .warmupIterations(0)
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(20))
          .warmupTime(TimeValue.milliseconds(1));
      // In this JVM (which has the agent) unless the job is about running without it: forking
      // costs a JVM start per benchmark, which the smoke run can afford only for those few.
      if (job.jvmArgs().stream().anyMatch(f -> f.startsWith("-javaagent:"))) {
        options.forks(0);
      } else {
        options.forks(1).jvmArgs(job.jvmArgs().toArray(String[]::new));
      }
    } else {
      List<String> flags = new ArrayList<>(HEAP);
      flags.addAll(job.jvmArgs());
      // Set, not appended: JMH would otherwise pass this JVM's own flags on to the forks.
      options.jvmArgs(flags.toArray(String[]::new));
    }
    Collection<RunResult> results = new Runner(options.build()).run();
    if (results.isEmpty()) {
      throw new IllegalStateException(
          "job \"" + job.label() + "\" matched no benchmark: " + job.include());
    }
    return results;
  }
}
