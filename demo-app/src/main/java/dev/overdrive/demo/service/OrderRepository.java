package dev.overdrive.demo.service;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Orders and their lines. */
public class OrderRepository {

  /** Timestamps are stored in UTC and shown as {@code 2025-01-01T08:07:00Z}. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'");

  /** An order as stored: its lines name their product by id. */
  public record Row(long id, long customerId, LocalDateTime createdAt, List<LineRow> lines) {}

  public record LineRow(int lineNo, long productId, int quantity, BigDecimal unitPrice) {}

  private final Jdbc db;

  /**
   * Prices are stored as whole cents ({@code BIGINT}): exact, and cheaper to send than {@code
   * NUMERIC}, which H2's wire protocol carries as text.
   */
  static long cents(BigDecimal price) {
    return price.movePointRight(2).longValueExact();
  }

  public OrderRepository(Jdbc db) {
    this.db = db;
  }

  /** The order and its lines in one query, or {@code null}. */
  public Row find(long id) {
    return db.query(
        """
        SELECT o.customer_id, o.created_at, l.line_no, l.product_id, l.quantity,
          l.unit_price_cents
        FROM orders o LEFT JOIN order_lines l ON l.order_id = o.id
        WHERE o.id = ?
        ORDER BY l.line_no""",
        ps -> ps.setLong(1, id),
        rs -> {
          Row row = null;
          while (rs.next()) {
            if (row == null) {
              row =
                  new Row(
                      id, rs.getLong(1), rs.getObject(2, LocalDateTime.class), new ArrayList<>());
            }
            int lineNo = rs.getInt(3);
            if (!rs.wasNull()) {
              row.lines()
                  .add(
                      new LineRow(
                          lineNo,
                          rs.getLong(4),
                          rs.getInt(5),
                          BigDecimal.valueOf(rs.getLong(6), 2)));
            }
          }
          return row;
        });
  }

  /** Stores an order and its lines in one transaction (two statements); returns its id. */
  public long insert(long customerId, LocalDateTime createdAt, List<LineRow> lines) {
    return db.transaction(
        tx -> {
          long id =
              tx.insertReturningKey(
                  "INSERT INTO orders (customer_id, created_at) VALUES (?, ?)",
                  ps -> {
                    ps.setLong(1, customerId);
                    ps.setObject(2, createdAt);
                  });
          StringBuilder sql =
              new StringBuilder(
                  "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_cents)"
                      + " VALUES ");
          for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)");
          }
          tx.update(
              sql.toString(),
              ps -> {
                int p = 1;
                for (LineRow l : lines) {
                  ps.setLong(p++, id);
                  ps.setInt(p++, l.lineNo());
                  ps.setLong(p++, l.productId());
                  ps.setInt(p++, l.quantity());
                  ps.setLong(p++, cents(l.unitPrice()));
                }
              });
          return id;
        });
  }
}
