package dev.overdrive.demo.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * The thin JDBC layer every repository goes through. It counts each statement sent to the database
 * ({@link #queries()}, shown by {@code GET /stats}). No request waits on the database for ever:
 * each statement has a timeout, set on the session when the connection opened (see {@link
 * Database#open}) or, for other databases, here on each statement.
 */
public final class Jdbc {

  /** Binds a statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Reads a whole result set. */
  @FunctionalInterface
  public interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Work done on one connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  private final DataSource dataSource;
  private final int timeoutSeconds;
  private final LongAdder queries = new LongAdder();

  /** {@code timeoutSeconds}: per statement, or 0 when the sessions have one already. */
  public Jdbc(DataSource dataSource, int timeoutSeconds) {
    this.dataSource = dataSource;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Statements sent so far. */
  public long queries() {
    return queries.sum();
  }

  public <T> T query(String sql, Binder binder, Reader<T> reader) {
    try (Connection c = dataSource.getConnection()) {
      return new Tx(c).query(sql, binder, reader);
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  public int update(String sql, Binder binder) {
    try (Connection c = dataSource.getConnection()) {
      return new Tx(c).update(sql, binder);
    } catch (SQLException e) {
      throw failure(sql, e);
    }
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T transaction(Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(new Tx(c));
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure("transaction", e);
    }
  }

  private static DatabaseException failure(String sql, SQLException e) {
    return new DatabaseException("database error: " + e.getMessage(), e);
  }

  private void timeout(PreparedStatement ps) throws SQLException {
    if (timeoutSeconds > 0) {
      ps.setQueryTimeout(timeoutSeconds);
    }
  }

  /** Statements on one connection; each one counted. */
  public final class Tx {
    private final Connection connection;

    Tx(Connection connection) {
      this.connection = connection;
    }

    public <T> T query(String sql, Binder binder, Reader<T> reader) throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        timeout(ps);
        binder.bind(ps);
        queries.increment();
        try (ResultSet rs = ps.executeQuery()) {
          return reader.read(rs);
        }
      }
    }

    public int update(String sql, Binder binder) throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement(sql)) {
        timeout(ps);
        binder.bind(ps);
        queries.increment();
        return ps.executeUpdate();
      }
    }

    /** An insert returning the generated key of its first row. */
    public long insertReturningKey(String sql, Binder binder) throws SQLException {
      try (PreparedStatement ps =
          connection.prepareStatement(sql, java.sql.Statement.RETURN_GENERATED_KEYS)) {
        timeout(ps);
        binder.bind(ps);
        queries.increment();
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new SQLException("no generated key for " + sql);
          }
          return keys.getLong(1);
        }
      }
    }
  }
}
