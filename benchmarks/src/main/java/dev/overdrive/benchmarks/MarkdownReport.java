package dev.overdrive.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;

/** Writes latest.md: where it was measured, the summary of every target, then each suite. */
final class MarkdownReport {

  private final String command;
  private final String agentBuild;
  private final String load;
  private final Path startup;
  private final String took;

  /**
   * {@code startup}: a startup.md (from startup.sh) to include, or null; {@code took}: the JMH
   * suites' run time.
   */
  MarkdownReport(String command, String agentBuild, String load, Path startup, String took) {
    this.command = command;
    this.agentBuild = agentBuild;
    this.load = load;
    this.startup = startup;
    this.took = took;
  }

  /**
   * The 1, 5 and 15-minute load averages: other work on the machine shows up here (a benchmark
   * itself adds 1 to 2), and it is the first suspect for a disturbed figure.
   */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  void write(Map<Suite, Results> all, Path out) throws IOException {
    List<Suite.Headline> headlines = new ArrayList<>();
    StringBuilder sections = new StringBuilder();
    BenchmarkParams any = null;
    for (Map.Entry<Suite, Results> e : all.entrySet()) {
      Suite suite = e.getKey();
      if (e.getValue().isEmpty()) {
        continue;
      }
      if (any == null) {
        any = e.getValue().all().get(0).result().getParams();
      }
      Suite.Section section = suite.render(e.getValue());
      headlines.addAll(section.headlines());
      sections.append("\n## ").append(suite.title()).append("\n\n");
      if (section.chart() != null && !section.chart().isEmpty()) {
        Path chart = suite.chartFile(out);
        Files.writeString(chart, section.chart().svg());
        sections
            .append("![")
            .append(suite.title())
            .append("](")
            .append(chart.getFileName())
            .append(")\n\n");
      }
      sections.append(section.markdown().strip()).append('\n');
      sections.append("\nJMH settings: ").append(settings(e.getValue())).append(".\n");
    }
    StartupSection startupSection =
        startup != null && Files.isRegularFile(startup) ? StartupSection.read(startup) : null;
    if (startupSection != null) {
      headlines.addAll(startupSection.headlines());
      Files.writeString(out.resolve("startup.svg"), startupSection.chart().svg());
      sections
          .append("\n## Start-up\n\n![Start-up](startup.svg)\n\n")
          .append(startupSection.markdown());
    }

    StringBuilder md = new StringBuilder();
    md.append("# Overdrive benchmarks: latest run\n\n");
    md.append("Generated on ")
        .append(
            ZonedDateTime.now()
                .truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
        .append(".\n\n| | |\n| --- | --- |\n");
    if (any != null) {
      md.append("| JVM | ")
          .append(any.getVmName())
          .append(' ')
          .append(any.getVmVersion())
          .append(" (JDK ")
          .append(any.getJdkVersion())
          .append(") |\n");
      md.append("| JMH | ")
          .append(any.getJmhVersion())
          .append("; forks and iterations per suite below |\n");
    }
    md.append("| Machine | ")
        .append(System.getProperty("os.name"))
        .append(' ')
        .append(System.getProperty("os.arch"))
        .append(", ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" processors; load average (1 / 5 / 15 min) ")
        .append(load)
        .append(" |\n");
    md.append("| Duration | ").append(took).append(" |\n");
    md.append("| Agent | ").append(agentBuild).append(" |\n");
    md.append("| Fork flags | `")
        .append(String.join(" ", BenchRun.HEAP))
        .append("` plus each job's own |\n");
    md.append("| Command | `").append(command).append("` |\n\n");
    md.append(
            "Each suite ran in rounds: every round ran one fork of every benchmark of the suite, so the"
                + " variants of a comparison alternated in time. Scores in the tables are JMH's score ± error over"
                + " the measurement iterations of all forks (half-width of the 99.9% confidence interval); ⚠ marks"
                + " an error above ")
        .append(Math.round(Results.NOISY * 100))
        .append(
            "% of the score: something"
                + " disturbed that measurement. Ratios are computed round by round, from forks that ran side by"
                + " side, and given as the median over the rounds; in the summary, with the median's confidence"
                + " interval in brackets (order statistics, at least ")
        .append(Math.round(Results.CONFIDENCE * 100))
        .append(
            "%: with 5 to 8 rounds, the lowest and highest round). A target is *met* or *missed* only"
                + " when the whole interval is on one side of it; an interval across the target, or fewer than 5"
                + " rounds, reads *unsettled*: run more forks (`-f`) on a quieter machine. Every comparison in a"
                + " table ran in the same run on the same machine.\n\n");
    md.append("## Summary\n\n| figure | target | measured | |\n| --- | --- | ---: | --- |\n");
    for (Suite.Headline h : headlines) {
      md.append("| ")
          .append(h.figure())
          .append(" | ")
          .append(h.target())
          .append(" | ")
          .append(h.measured())
          .append(" | ")
          .append(h.verdict() == null ? "" : h.verdict().text)
          .append(" |\n");
    }
    md.append(sections);
    Files.writeString(out.resolve("latest.md"), md.toString());
  }

  /**
   * The distinct fork and iteration settings of a suite's runs, e.g. "5 rounds of 1 fork, 2 × 1 s
   * warm-up...".
   */
  private static String settings(Results results) {
    Set<String> distinct = new LinkedHashSet<>();
    int rounds = results.rounds();
    for (Results.Entry e : results.all()) {
      BenchmarkParams p = e.result().getParams();
      distinct.add(
          rounds
              + (rounds == 1 ? " round of " : " rounds of ")
              + (p.getForks() == 0
                  ? "no fork (in the runner's JVM), "
                  : p.getForks() + (p.getForks() == 1 ? " fork, " : " forks, "))
              + p.getWarmup().getCount()
              + " × "
              + p.getWarmup().getTime()
              + " warm-up, "
              + p.getMeasurement().getCount()
              + " × "
              + p.getMeasurement().getTime()
              + " measurement, "
              + p.getThreads()
              + (p.getThreads() == 1 ? " thread, " : " threads, ")
              + p.getMode().longLabel());
    }
    return String.join("; ", distinct);
  }

  /** startup.md (written by startup.sh) as a section: its table, a chart and a headline. */
  record StartupSection(String markdown, BarChart chart, List<Suite.Headline> headlines) {

    /**
     * startup.sh's "added" cell: "+40 [+25, +61], 10 rounds" (the median over the rounds of the
     * per-round difference, the interval {@link Results.Spread#of} would give, the rounds).
     */
    private static final Pattern ADDED =
        Pattern.compile("([+-]?\\d+)(?: \\[([+-]?\\d+), ([+-]?\\d+)\\], (\\d+) rounds?)?");

    static StartupSection read(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file);
      StringBuilder md = new StringBuilder();
      BarChart chart =
          new BarChart(
              "Start-up: hello world launch to exit, demo launch to first answer",
              "ms, median; shorter is better");
      List<Suite.Headline> headlines = new ArrayList<>();
      String group = null;
      List<BarChart.Bar> bars = new ArrayList<>();
      boolean body = false;
      for (String line : lines) {
        if (line.startsWith("# ")) {
          continue; // startup.md's own title
        }
        body |= line.startsWith("Wall time") || line.startsWith("###");
        if (!body && !line.startsWith("Generated")) {
          continue; // its header table repeats what latest.md's says
        }
        if (line.startsWith("### ")) {
          if (group != null) {
            chart.group(group, bars);
          }
          group = line.substring(4).trim();
          bars = new ArrayList<>();
          md.append(line).append('\n');
          continue;
        }
        md.append(line).append('\n');
        // Rows of its table: | variant | median | p25 | p75 | min | max | added | classes |
        if (line.startsWith("| (")) {
          String[] cells = line.split("\\|");
          String variant = cells[1].trim();
          double median = Double.parseDouble(cells[2].trim());
          bars.add(
              new BarChart.Bar(variant.replaceAll(",.*", ""), median, Math.round(median) + " ms"));
          // "+40 [+25, +61]": the median over rounds of the per-round difference, and its interval.
          Matcher added = ADDED.matcher(cells[7].trim());
          if (!added.matches()) {
            continue;
          }
          String where = group == null ? "hello world" : group;
          int rounds = added.group(4) == null ? 1 : Integer.parseInt(added.group(4));
          Results.Spread spread =
              new Results.Spread(
                  Double.parseDouble(added.group(1)),
                  added.group(2) == null ? Double.NaN : Double.parseDouble(added.group(2)),
                  added.group(3) == null ? Double.NaN : Double.parseDouble(added.group(3)),
                  rounds,
                  Results.Spread.confidence(rounds));
          if (variant.contains("nothing to instrument")) {
            headlines.add(
                Suite.Headline.judged(
                    "Start-up added by the agent, " + where + " (ms)",
                    "≤ 150 ms",
                    Results.Target.atMost(150),
                    spread,
                    "%+.0f",
                    ""));
          } else if (variant.startsWith("(ii) Overdrive")) {
            headlines.add(
                Suite.Headline.info(
                    "Start-up added by the agent, awake (it instruments), " + where,
                    spread.text("%+.0f") + " ms"));
          } else if (variant.contains("OpenTelemetry")) {
            headlines.add(
                Suite.Headline.info(
                    "Start-up added by the OpenTelemetry agent (reference), " + where,
                    spread.text("%+.0f") + " ms"));
          }
        }
      }
      chart.group(group == null ? "hello world" : group, bars);
      return new StartupSection(md.toString(), chart, headlines);
    }
  }
}
