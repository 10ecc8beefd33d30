package dev.overdrive.demo.service;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The whole service: database, pricing server and client, repositories, journal, HTTP API. */
public final class DemoService implements AutoCloseable {

  /** What {@code serve} accepts. */
  public record Config(
      String host,
      int port,
      String jdbcUrl,
      String dbUser,
      String dbPassword,
      int poolSize,
      boolean seed,
      int products,
      int orders,
      Duration pricingLatency,
      Duration pricingTimeout,
      Path journal,
      int threads) {}

  /** The line printed once the service answers; launchers wait for it. */
  public static final String READY = "READY ";

  /** No statement runs longer than this on the database. */
  static final int DB_TIMEOUT_SECONDS = 5;

  private final Config config;
  private final Telemetry telemetry;
  private Database database;
  private Jdbc db;
  private PricingServer pricingServer;
  private PricingClient pricingClient;
  private ProductRepository products;
  private PriceService prices;
  private AuditJournal journal;
  private OrderService orders;
  private Api api;
  private int seededProducts;
  private int seededOrders;
  private boolean closed;

  private DemoService(Config config) {
    this.config = config;
    this.telemetry = new Telemetry();
  }

  /** Starts everything, seeds the database, and returns once the API answers. */
  public static DemoService start(Config config, PrintStream log) throws IOException, SQLException {
    // The JDK server writes headers and body apart: without TCP_NODELAY, Nagle's algorithm and
    // delayed ACKs add ~40 ms to some responses on keep-alive connections.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    DemoService s = new DemoService(config);
    try {
      s.boot(log);
      return s;
    } catch (IOException | SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void boot(PrintStream log) throws IOException, SQLException {
    long t0 = System.nanoTime();
    database =
        Database.open(
            config.jdbcUrl(),
            config.dbUser(),
            config.dbPassword(),
            config.poolSize(),
            DB_TIMEOUT_SECONDS);
    db = new Jdbc(database.dataSource(), database.hasSessionTimeout() ? 0 : DB_TIMEOUT_SECONDS);
    log.printf("[demo] database: %s (HikariCP pool of %d)%n", database.url(), config.poolSize());
    if (config.seed()) {
      long s0 = System.nanoTime();
      database.createSchema();
      Seeder.Seeded seeded;
      try (java.sql.Connection c = database.seedingConnection()) {
        seeded = Seeder.seed(c, config.products(), config.orders());
      }
      seededProducts = seeded.products();
      seededOrders = seeded.orders();
      log.printf(
          Locale.ROOT,
          "[demo] seeded %,d products, %,d orders, %,d order lines in %.1f s%n",
          seeded.products(),
          seeded.orders(),
          seeded.lines(),
          (System.nanoTime() - s0) / 1e9);
    } else {
      seededProducts = config.products();
      seededOrders = config.orders();
      log.println("[demo] --seed=false: using the tables as they are");
    }
    pricingServer = new PricingServer(config.pricingLatency(), 256);
    pricingServer.start();
    pricingClient = new PricingClient(pricingServer::baseUri, config.pricingTimeout());
    log.printf(
        "[demo] pricing service: %s (latency %d ms, client timeout %d ms)%n",
        pricingServer.baseUri(),
        config.pricingLatency().toMillis(),
        config.pricingTimeout().toMillis());
    products = new ProductRepository(db);
    prices = new PriceService(pricingClient);
    journal = new AuditJournal(config.journal());
    log.println("[demo] order journal: " + journal.path());
    orders =
        new OrderService(
            new OrderRepository(db),
            products,
            prices,
            journal,
            config.pricingTimeout().toMillis() + 5_000);
    io.micrometer.core.instrument.FunctionCounter.builder("demo.db.queries", db, Jdbc::queries)
        .description("Statements sent to the database")
        .register(io.micrometer.core.instrument.Metrics.globalRegistry);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "demo.pricing.calls", pricingServer, PricingServer::served)
        .description("Calls served by the pricing service")
        .register(io.micrometer.core.instrument.Metrics.globalRegistry);
    api = new Api(this, config.host(), config.port(), config.threads());
    api.start();
    log.println("[demo] overdrive: " + overdrive());
    log.printf(Locale.ROOT, "[demo] started in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    log.println(READY + "http://" + config.host() + ":" + api.port());
    log.flush();
  }

  /**
   * Whether the agent is rewriting this service's methods: {@code on} once it has woken (its
   * runtime is then on the bootstrap class path), {@code off} otherwise.
   */
  public static String overdrive() {
    if ("false".equalsIgnoreCase(System.getProperty("overdrive.enabled"))) {
      return "off";
    }
    try {
      Class.forName("dev.overdrive.runtime.Dispatch", false, null);
      return "on";
    } catch (ClassNotFoundException e) {
      return "off";
    }
  }

  /** {@code GET /stats}. */
  Map<String, Object> stats() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("overdrive", overdrive());
    out.put("dbQueries", db.queries());
    out.put("pricingCalls", pricingServer.served());
    out.put("journalLines", journal.written());
    out.put("products", seededProducts);
    out.put("seededOrders", seededOrders);
    out.put("pricing", pricingServer.isUp() ? "up" : "down");
    return out;
  }

  public int port() {
    return api.port();
  }

  Telemetry telemetry() {
    return telemetry;
  }

  ProductRepository products() {
    return products;
  }

  PriceService prices() {
    return prices;
  }

  OrderService orders() {
    return orders;
  }

  PricingServer pricingServer() {
    return pricingServer;
  }

  /**
   * Stops in dependency order: the API (requests in flight finish), the journal (queued lines
   * written, flushed, closed), pricing, the pool, the database.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (api != null) {
      api.close();
    }
    if (journal != null) {
      journal.close(Duration.ofSeconds(10));
    }
    if (pricingClient != null) {
      pricingClient.close();
    }
    if (pricingServer != null) {
      pricingServer.close();
    }
    if (database != null) {
      database.close();
    }
    telemetry.close();
  }
}
