package dev.overdrive.demo.service;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Metrics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.tools.Server;

/**
 * The database and the pool the service reaches it through.
 *
 * <p>By default an H2 in-memory database, served by an H2 TCP server started in this JVM and
 * reached over loopback like any remote database: every query pays a real network round trip,
 * through HikariCP, with nothing to install. {@code --jdbc-url} points the same code at PostgreSQL
 * instead.
 */
public final class Database implements AutoCloseable {

  private final Server h2;
  private final Connection keeper;
  private final HikariDataSource pool;
  private final String url;

  private Database(Server h2, Connection keeper, HikariDataSource pool, String url) {
    this.h2 = h2;
    this.keeper = keeper;
    this.pool = pool;
    this.url = url;
  }

  /**
   * Opens the pool on {@code jdbcUrl}, or on a fresh in-process H2 TCP server when it is null. On
   * H2 and PostgreSQL every connection gets a statement timeout of {@code timeoutSeconds} when it
   * opens ({@link #hasSessionTimeout}).
   */
  public static Database open(
      String jdbcUrl, String user, String password, int poolSize, int timeoutSeconds)
      throws SQLException {
    Server h2 = null;
    Connection keeper = null;
    String url = jdbcUrl;
    if (url == null) {
      // Creates the in-memory database in this JVM; the TCP server serves that very database.
      // No -tcpAllowOthers: the server accepts connections from this machine only.
      // QUERY_CACHE_SIZE: parsed statements kept per session. H2's default of 8 is fewer than
      // the statements one connection runs here (the IN list comes in 8 padded sizes), and a
      // statement evicted is parsed again on its next use.
      keeper =
          DriverManager.getConnection(
              "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=64", "sa", "");
      h2 = Server.createTcpServer("-tcpPort", "0").start();
      url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:demo";
      user = "sa";
      password = "";
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName("demo");
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(poolSize);
    config.setConnectionTimeout(3_000); // no request waits for a connection longer than this
    config.setValidationTimeout(1_000);
    config.setInitializationFailTimeout(10_000);
    config.setMetricRegistry(Metrics.globalRegistry);
    String timeout = sessionTimeoutSql(url, timeoutSeconds);
    if (timeout != null) {
      config.setConnectionInitSql(timeout);
    }
    try {
      return new Database(h2, keeper, new HikariDataSource(config), url);
    } catch (RuntimeException e) {
      if (h2 != null) {
        h2.stop();
      }
      if (keeper != null) {
        keeper.close();
      }
      throw e;
    }
  }

  /**
   * The statement that gives a session a statement timeout, or null for a database this demo does
   * not know. Set once per connection rather than per statement: H2's {@code
   * Statement.setQueryTimeout} sends a {@code SET QUERY_TIMEOUT} command on each call, a round trip
   * that also makes the database drop every session's parsed statements, so each query was parsed
   * again.
   */
  static String sessionTimeoutSql(String url, int timeoutSeconds) {
    if (url.startsWith("jdbc:h2:")) {
      return "SET QUERY_TIMEOUT " + timeoutSeconds * 1_000;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return "SET statement_timeout = " + timeoutSeconds * 1_000;
    }
    return null;
  }

  /** Whether every connection has its statement timeout already; if not, set it per statement. */
  public boolean hasSessionTimeout() {
    return sessionTimeoutSql(url, 1) != null;
  }

  public HikariDataSource dataSource() {
    return pool;
  }

  public String url() {
    return url;
  }

  public boolean isH2() {
    return url.startsWith("jdbc:h2:");
  }

  /**
   * A connection for seeding: on the default H2 database, an in-process one to the same database
   * (bulk loading need not pay the network); otherwise one from the pool.
   */
  public Connection seedingConnection() throws SQLException {
    if (keeper != null) {
      return DriverManager.getConnection("jdbc:h2:mem:demo", "sa", "");
    }
    return pool.getConnection();
  }

  /** Drops and creates the demo's three tables (same DDL on H2 and PostgreSQL). */
  public void createSchema() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS order_lines");
      s.execute("DROP TABLE IF EXISTS orders");
      s.execute("DROP TABLE IF EXISTS products");
      s.execute(
          """
          CREATE TABLE products (
            id BIGINT PRIMARY KEY,
            sku VARCHAR(20) NOT NULL,
            name VARCHAR(100) NOT NULL,
            category VARCHAR(40) NOT NULL
          )""");
      s.execute(
          """
          CREATE TABLE orders (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            customer_id BIGINT NOT NULL,
            created_at TIMESTAMP NOT NULL
          )""");
      s.execute(
          """
          CREATE TABLE order_lines (
            order_id BIGINT NOT NULL REFERENCES orders(id),
            line_no INT NOT NULL,
            product_id BIGINT NOT NULL REFERENCES products(id),
            quantity INT NOT NULL,
            unit_price_cents BIGINT NOT NULL,
            PRIMARY KEY (order_id, line_no)
          )""");
    }
  }

  @Override
  public void close() {
    pool.close();
    if (h2 != null) {
      h2.stop();
    }
    if (keeper != null) {
      try {
        keeper.close();
      } catch (SQLException e) {
        // closing at shutdown: nothing left to do
      }
    }
  }
}
