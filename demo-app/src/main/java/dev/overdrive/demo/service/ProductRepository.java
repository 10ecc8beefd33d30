package dev.overdrive.demo.service;

import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.Cached;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The catalog. One instance per service: {@code @Batched} batches are kept per instance. */
public class ProductRepository {

  private static final String COLUMNS = "SELECT id, sku, name, category FROM products";

  private final Jdbc db;

  public ProductRepository(Jdbc db) {
    this.db = db;
  }

  /**
   * {@code GET /products/{id}}. Under the agent, a hit is served from memory; entries live 5
   * minutes plus up to 20% more at random, so the entries loaded together during a burst do not all
   * expire together (no cache avalanche). An unknown id is remembered too ({@code null} is cached),
   * so probing absent ids does not reach the database either.
   */
  @Cached(name = "products", ttl = "${demo.products.ttl:5m}", jitter = 0.2, maxSize = 100_000)
  public Product find(long id) {
    return selectOne(id);
  }

  /**
   * One product, as a future: {@code GET /orders/{id}} asks for all of an order's lines at once and
   * then joins them, as one would with a DataLoader.
   *
   * <p>Under the agent this body never runs. Products already loaded come from the cache
   * ({@code @Cached}, same lifetime as {@link #find}'s); the others, asked for while the batch is
   * open (the missing lines of one order, and those of concurrent requests), become one {@link
   * #findAll} call, one {@code SELECT ... WHERE id IN (...)}. Without the agent it runs as written:
   * one query per line, the classic N+1.
   */
  @Cached(ttl = "${demo.products.ttl:5m}", jitter = 0.2, maxSize = 100_000)
  @Batched(via = "findAll", maxSize = 100, maxDelay = "${demo.products.batchDelay:2ms}")
  public CompletableFuture<Product> load(Long id) {
    try {
      return CompletableFuture.completedFuture(selectOne(id));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Products by id, in one query; absent ids are absent from the map. The IN list is padded to a
   * power of two (repeating the last id) so that only a handful of distinct statements exist and
   * the database's statement cache keeps working.
   */
  public Map<Long, Product> findAll(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    List<Long> keys = new ArrayList<>(ids);
    int padded = Integer.highestOneBit(keys.size());
    if (padded < keys.size()) {
      padded <<= 1;
    }
    StringBuilder sql = new StringBuilder(COLUMNS).append(" WHERE id IN (");
    for (int i = 0; i < padded; i++) {
      sql.append(i == 0 ? "?" : ", ?");
    }
    sql.append(')');
    int n = padded;
    return db.query(
        sql.toString(),
        ps -> {
          for (int i = 0; i < n; i++) {
            ps.setLong(i + 1, keys.get(Math.min(i, keys.size() - 1)));
          }
        },
        rs -> {
          Map<Long, Product> found = new HashMap<>();
          while (rs.next()) {
            Product p = map(rs);
            found.put(p.id(), p);
          }
          return found;
        });
  }

  private Product selectOne(long id) {
    return db.query(
        COLUMNS + " WHERE id = ?", ps -> ps.setLong(1, id), rs -> rs.next() ? map(rs) : null);
  }

  private static Product map(ResultSet rs) throws SQLException {
    return new Product(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4));
  }
}
