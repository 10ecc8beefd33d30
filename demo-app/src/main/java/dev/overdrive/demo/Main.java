package dev.overdrive.demo;

import dev.overdrive.demo.load.Compare;
import dev.overdrive.demo.load.LoadGenerator;
import dev.overdrive.demo.load.Stats;
import dev.overdrive.demo.load.Workload;
import dev.overdrive.demo.service.DemoService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code java -jar overdrive-demo.jar compare | serve | load | help}. */
public final class Main {

  static final Set<String> SERVE_FLAGS =
      Set.of(
          "host",
          "port",
          "jdbc-url",
          "db-user",
          "db-password",
          "pool-size",
          "seed",
          "products",
          "orders",
          "pricing-latency",
          "pricing-timeout",
          "journal",
          "threads",
          "agent",
          "jvm-opts");

  private Main() {}

  public static void main(String[] argv) throws Exception {
    // Set before any JDK HttpServer is created: see DemoService.start.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    Args args = Args.parse(argv);
    String command = args.positional().isEmpty() ? "help" : args.positional().get(0);
    int code;
    try {
      code =
          switch (command) {
            case "compare" -> Compare.run(args, System.out, System.err);
            case "serve" -> serve(args, argv);
            case "load" -> load(args);
            case "help", "-h", "--help" -> help();
            default -> {
              System.err.println("unknown command \"" + command + "\"");
              help();
              yield 2;
            }
          };
    } catch (IllegalArgumentException | IllegalStateException e) {
      System.err.println("error: " + e.getMessage());
      code = 2;
    }
    System.exit(code);
  }

  private static int help() {
    System.out.println(
        """
        Overdrive demo: an order/catalog HTTP service over a real database and a real pricing
        service, measured with the agent off and on.

        java -jar overdrive-demo.jar compare [flags]
            Starts the service twice (agent off, then on), drives each with the same load, and
            prints a table per endpoint; writes demo-report.html next to the jar.
            --duration=3s       measured time per endpoint
            --warmup=4s         warm-up per endpoint (not measured)
            --warmup-all=0s     warm-up with all endpoints mixed, before the first one
            --concurrency=16    virtual users
            --endpoints=products,orders,price,create   any of these and mixed, or all
            --report=PATH       where to write the HTML report
            --jvm-opts="..."    extra JVM flags for both service runs
            and any of serve's --products, --orders, --pricing-latency, --pricing-timeout,
            --jdbc-url, --db-user, --db-password, --pool-size, --threads

        java -jar overdrive-demo.jar serve [flags]
            Runs the service alone. Started without -javaagent, it starts itself again in a
            child JVM under the agent (the command is printed); --agent=off runs that child with
            -Doverdrive.enabled=false, --agent=none serves in this JVM without any agent.
            --port=8080 --host=127.0.0.1
            --products=50000 --orders=20000   seed sizes
            --jdbc-url=jdbc:postgresql://localhost/demo --db-user=... --db-password=...
                                (tables products, orders, order_lines are dropped and created)
            --seed=false        keep existing tables as they are
            --pricing-latency=5ms --pricing-timeout=1s
            --journal=PATH      the order journal (default: next to the jar)
            --threads=64        HTTP handler threads   --pool-size=16   database connections

        java -jar overdrive-demo.jar load --url=http://127.0.0.1:8080 [--duration --warmup
            --concurrency --endpoints]
            Drives a running service and prints its figures.
        """);
    return 0;
  }

  private static int serve(Args args, String[] argv) throws Exception {
    args.allow(SERVE_FLAGS);
    String agentMode = args.string("agent", "on");
    if (!List.of("on", "off", "none").contains(agentMode)) {
      throw new IllegalArgumentException("--agent must be on, off or none");
    }
    if (!Launcher.hasAgent() && !agentMode.equals("none")) {
      return forkUnderAgent(args, argv, agentMode.equals("on"));
    }
    DemoService.Config config =
        new DemoService.Config(
            args.string("host", "127.0.0.1"),
            args.integer("port", 8080),
            args.string("jdbc-url", null),
            args.string("db-user", System.getProperty("user.name")),
            args.string("db-password", ""),
            args.integer("pool-size", 16),
            args.bool("seed", true),
            args.integer("products", 50_000),
            args.integer("orders", 20_000),
            args.duration("pricing-latency", Duration.ofMillis(5)),
            args.duration("pricing-timeout", Duration.ofSeconds(1)),
            Path.of(
                args.string("journal", Launcher.home().resolve("orders-journal.log").toString())),
            args.integer("threads", 64));
    if (config.products() < 1 || config.orders() < 1) {
      throw new IllegalArgumentException("--products and --orders must be at least 1");
    }
    DemoService service = DemoService.start(config, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("[demo] stopping");
                  service.close();
                  System.out.println("[demo] stopped");
                  stopped.countDown();
                },
                "demo-shutdown"));
    stopped.await();
    return 0;
  }

  /** {@code serve} without {@code -javaagent}: the same command in a JVM under the agent. */
  private static int forkUnderAgent(Args args, String[] argv, boolean agentOn) throws Exception {
    List<String> jvm =
        args.has("jvm-opts")
            ? Arrays.asList(args.string("jvm-opts", "").trim().split("\\s+"))
            : List.of();
    List<String> rest = new ArrayList<>();
    for (String a : argv) {
      if (!a.equals("serve") && !a.startsWith("--agent=") && !a.startsWith("--jvm-opts=")) {
        rest.add(a);
      }
    }
    List<String> cmd = Launcher.serviceCommand(Launcher.agentJar(), agentOn, jvm, rest);
    System.err.println(
        "[demo] starting the service under the agent"
            + (agentOn ? "" : " (disabled: -Doverdrive.enabled=false)")
            + ":");
    System.err.println("  " + Launcher.shell(cmd));
    Process child = new ProcessBuilder(cmd).inheritIO().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  child.destroy();
                  try {
                    if (!child.waitFor(20, TimeUnit.SECONDS)) {
                      child.destroyForcibly();
                    }
                  } catch (InterruptedException e) {
                    child.destroyForcibly();
                  }
                },
                "demo-child-stop"));
    return child.waitFor();
  }

  private static int load(Args args) throws Exception {
    args.allow(Set.of("url", "duration", "warmup", "concurrency", "endpoints"));
    String url = args.string("url", "http://127.0.0.1:8080");
    int concurrency = args.integer("concurrency", 16);
    Duration duration = args.duration("duration", Duration.ofSeconds(5));
    Duration warmup = args.duration("warmup", Compare.DEFAULT_WARMUP);
    Stats first = Stats.fetch(url);
    Workload workload = new Workload(new Workload.Catalog(first.products(), first.seededOrders()));
    System.out.printf(
        Locale.ROOT,
        "%s: overdrive %s, %d virtual users, %s per endpoint%n",
        url,
        first.overdrive(),
        concurrency,
        Args.format(duration));
    for (Workload.Endpoint e :
        Workload.Endpoint.parse(args.string("endpoints", Compare.DEFAULT_ENDPOINTS))) {
      if (!warmup.isZero()) {
        LoadGenerator.run(url, workload, e, concurrency, warmup, 7, null);
      }
      Stats before = Stats.fetch(url);
      LoadGenerator.Sample s = LoadGenerator.run(url, workload, e, concurrency, duration, 42, null);
      Stats after = Stats.fetch(url);
      double n = Math.max(1, s.requests());
      System.out.printf(
          Locale.ROOT,
          "%-26s %,9.0f req/s  p50 %6.2f ms  p99 %7.2f ms  db %5.2f/req"
              + "  pricing %5.2f/req  errors %d%n",
          e.label(),
          s.throughput(),
          s.percentileMs(0.5),
          s.percentileMs(0.99),
          (after.dbQueries() - before.dbQueries()) / n,
          (after.pricingCalls() - before.pricingCalls()) / n,
          s.errors());
    }
    return 0;
  }
}
