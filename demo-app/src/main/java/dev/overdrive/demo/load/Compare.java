package dev.overdrive.demo.load;

import dev.overdrive.demo.Args;
import dev.overdrive.demo.Launcher;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code compare}: starts the service twice, agent off then on (identical flags but {@code
 * -Doverdrive.enabled=false}), drives each with the same load, one endpoint after the other, and
 * prints the figures side by side; writes the same as an HTML report with charts.
 */
public final class Compare {

  static final Set<String> FLAGS =
      Set.of(
          "duration",
          "warmup",
          "warmup-all",
          "concurrency",
          "endpoints",
          "report",
          "products",
          "orders",
          "pricing-latency",
          "pricing-timeout",
          "jdbc-url",
          "db-user",
          "db-password",
          "pool-size",
          "threads",
          "jvm-opts",
          "seed");

  /** Defaults: about a minute for both runs (69 s here), seeding included. */
  static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);

  /**
   * Each endpoint's own load before it is measured. On two cores the JIT's compiler threads get
   * little CPU under load, so a service takes seconds to compile the paths an endpoint takes, the
   * more so with the agent (its advice, Caffeine, the batcher): with 1s of warm-up after 5s of the
   * whole mix, {@code GET /orders/{id}} was measured at about 60% of what it settles at. An
   * endpoint's own load warms it better than any amount of the mix, and 4s of it gave steadier
   * figures than 3s (orders 3.5x to 5.6x in five runs, against 2.8x to 3.8x in five with 3s).
   */
  public static final Duration DEFAULT_WARMUP = Duration.ofSeconds(4);

  /** The whole mix before the first endpoint: none by default (see {@link #DEFAULT_WARMUP}). */
  static final Duration DEFAULT_WARMUP_ALL = Duration.ZERO;

  static final int DEFAULT_CONCURRENCY = 16;

  /** Every endpoint on its own; {@code mixed} (all of them at once) on request. */
  public static final String DEFAULT_ENDPOINTS = "products,orders,price,create";

  /** The settings of a comparison. */
  public record Settings(
      Duration duration,
      Duration warmup,
      Duration warmupAll,
      int concurrency,
      List<Workload.Endpoint> endpoints,
      int products,
      int orders,
      String database,
      Duration pricingLatency) {

    /** "3s per endpoint after 4s of warm-up", and the whole mix's warm-up if there is one. */
    public String timing() {
      return Args.format(duration)
          + " per endpoint after "
          + Args.format(warmup)
          + " of warm-up"
          + (warmupAll.isZero()
              ? ""
              : " (and " + Args.format(warmupAll) + " of all endpoints mixed first)");
    }
  }

  /** One service run: how it was started and what each endpoint did. */
  public record Run(
      boolean agentOn, String overdrive, List<String> command, List<PhaseResult> results) {}

  /** Both runs, with how they were made. */
  public record Result(
      Settings settings, String compareCommand, String environment, String date, Run off, Run on) {}

  private Compare() {}

  public static int run(Args args, PrintStream out, PrintStream err) throws Exception {
    args.allow(FLAGS);
    Settings settings =
        new Settings(
            args.duration("duration", DEFAULT_DURATION),
            args.duration("warmup", DEFAULT_WARMUP),
            args.duration("warmup-all", DEFAULT_WARMUP_ALL),
            args.integer("concurrency", DEFAULT_CONCURRENCY),
            Workload.Endpoint.parse(args.string("endpoints", DEFAULT_ENDPOINTS)),
            args.integer("products", 50_000),
            args.integer("orders", 20_000),
            args.has("jdbc-url")
                ? args.string("jdbc-url", null)
                : "H2 (in-process TCP server, over loopback)",
            args.duration("pricing-latency", Duration.ofMillis(5)));
    if (settings.concurrency() < 1) {
      throw new IllegalArgumentException("--concurrency must be at least 1");
    }
    Path home = Launcher.home();
    Path report =
        Path.of(args.string("report", home.resolve("demo-report.html").toString()))
            .toAbsolutePath()
            .normalize();
    Path agent = Launcher.agentJar();
    List<String> jvm =
        args.has("jvm-opts")
            ? Arrays.asList(args.string("jvm-opts", "").trim().split("\\s+"))
            : List.of();

    List<String> serve =
        new ArrayList<>(
            List.of(
                "--host=127.0.0.1",
                "--port=0",
                "--products=" + settings.products(),
                "--orders=" + settings.orders(),
                "--pricing-latency=" + Args.format(settings.pricingLatency())));
    for (String pass :
        List.of(
            "pricing-timeout",
            "jdbc-url",
            "db-user",
            "db-password",
            "pool-size",
            "threads",
            "seed")) {
      if (args.has(pass)) {
        serve.add("--" + pass + "=" + args.string(pass, ""));
      }
    }

    String compareCommand = Launcher.shell(currentCommand());
    int phases = settings.endpoints().size() * 2;
    err.printf(
        Locale.ROOT,
        "Overdrive demo: %d endpoint(s) x 2 runs, %d virtual users, %s%n",
        settings.endpoints().size(),
        settings.concurrency(),
        settings.timing());
    err.println("agent: " + agent);

    Run off = runService(false, agent, jvm, serve, settings, home, 0, phases, err);
    Run on = runService(true, agent, jvm, serve, settings, home, phases / 2, phases, err);
    Result result =
        new Result(
            settings,
            compareCommand,
            environment(),
            ZonedDateTime.now().format(DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss z")),
            off,
            on);

    out.println();
    out.print(ComparisonReport.text(result));
    out.flush();
    Files.createDirectories(report.getParent());
    Files.writeString(report, ComparisonReport.html(result), StandardCharsets.UTF_8);
    out.println();
    out.println("HTML report: " + report);
    boolean ok = true;
    if (!"off".equals(off.overdrive()) || !"on".equals(on.overdrive())) {
      err.println(
          "WARNING: the service reported overdrive="
              + off.overdrive()
              + " for the run"
              + " without the agent and overdrive="
              + on.overdrive()
              + " for the run with it");
      ok = false;
    }
    return ok ? 0 : 1;
  }

  private static Run runService(
      boolean agentOn,
      Path agent,
      List<String> jvm,
      List<String> serve,
      Settings settings,
      Path home,
      int phaseOffset,
      int phases,
      PrintStream err)
      throws IOException, InterruptedException {
    String mode = agentOn ? "agent on " : "agent off";
    List<String> args = new ArrayList<>(serve);
    Path journal = home.resolve("demo-journal-" + (agentOn ? "on" : "off") + ".log");
    Files.deleteIfExists(journal);
    args.add("--journal=" + journal);
    List<String> cmd = Launcher.serviceCommand(agent, agentOn, jvm, args);
    Path log = home.resolve("demo-service-" + (agentOn ? "on" : "off") + ".log");
    err.println();
    err.println("[" + mode.trim() + "] starting the service (output in " + log + "):");
    err.println("  " + Launcher.shell(cmd));
    long t0 = System.nanoTime();
    try (Launcher.ServiceProcess service = Launcher.startService(cmd, log, Duration.ofMinutes(3))) {
      err.printf(
          Locale.ROOT,
          "[%s] ready at %s in %.1f s%n",
          mode.trim(),
          service.url(),
          (System.nanoTime() - t0) / 1e9);
      Stats first = Stats.fetch(service.url());
      Workload workload =
          new Workload(new Workload.Catalog(first.products(), first.seededOrders()));
      ProgressPrinter progress = ProgressPrinter.forThisJvm(err);
      if (!settings.warmupAll().isZero()) {
        LoadGenerator.run(
            service.url(),
            workload,
            Workload.Endpoint.MIXED,
            settings.concurrency(),
            settings.warmupAll(),
            3,
            progress.stage(
                String.format(Locale.ROOT, "  %s       %-26s", mode, "all endpoints"), "warm-up"));
        progress.endStage();
      }
      List<PhaseResult> results = new ArrayList<>();
      int index = phaseOffset;
      for (Workload.Endpoint e : settings.endpoints()) {
        index++;
        String prefix =
            String.format(Locale.ROOT, "  %s [%d/%d] %-26s", mode, index, phases, e.label());
        if (!settings.warmup().isZero()) {
          LoadGenerator.run(
              service.url(),
              workload,
              e,
              settings.concurrency(),
              settings.warmup(),
              7 + e.ordinal(),
              progress.stage(prefix, "warm-up"));
        }
        Stats before = Stats.fetch(service.url());
        LoadGenerator.Sample s =
            LoadGenerator.run(
                service.url(),
                workload,
                e,
                settings.concurrency(),
                settings.duration(),
                42 + e.ordinal(),
                progress.stage(prefix, "measure"));
        Stats after = Stats.fetch(service.url());
        PhaseResult r = PhaseResult.of(e, s, before, after);
        results.add(r);
        progress.result(
            String.format(
                Locale.ROOT,
                "%s %,9.0f req/s  p50 %6.2f ms  p99 %7.2f ms"
                    + "  db %5.2f/req  pricing %5.2f/req%s",
                prefix,
                r.throughput(),
                r.p50Ms(),
                r.p99Ms(),
                r.dbQueriesPerRequest(),
                r.pricingCallsPerRequest(),
                r.errors() > 0
                    ? "  errors " + r.errors() + " (first: " + r.firstError() + ")"
                    : ""));
      }
      Stats last = Stats.fetch(service.url());
      err.println("[" + mode.trim() + "] stopping the service");
      return new Run(agentOn, last.overdrive(), cmd, results);
    }
  }

  /** This JVM's command line. */
  static List<String> currentCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Launcher.javaExecutable());
    cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    String command = System.getProperty("sun.java.command", "");
    // sun.java.command is "<jar or main class> args..." (split on spaces, which is exact unless an
    // argument itself holds a space)
    String[] parts = command.split(" ");
    if (parts.length > 0 && parts[0].endsWith(".jar")) {
      cmd.add("-jar");
    } else {
      cmd.add("-cp");
      cmd.add(Launcher.classPath());
    }
    cmd.addAll(Arrays.asList(parts));
    return cmd;
  }

  static String environment() {
    Runtime rt = Runtime.getRuntime();
    return String.format(
        Locale.ROOT,
        "%s %s (%s), %s %s, %d cores",
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        rt.availableProcessors());
  }
}
