package dev.overdrive.demo.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.Random;

/**
 * Fills the catalog and the order history. Deterministic (a fixed random seed), so two services
 * seeded with the same sizes hold the same rows and answer the same. Rows go in as multi-row {@code
 * INSERT ... VALUES (...), (...)} statements of a few hundred rows: portable, and one round trip
 * per statement on H2 and PostgreSQL alike.
 */
public final class Seeder {

  /** Seeded orders are dated from here, one every few minutes. */
  static final LocalDateTime EPOCH = LocalDateTime.of(2025, 1, 1, 8, 0);

  private static final String[] ADJECTIVES = {
    "Sturdy",
    "Compact",
    "Deluxe",
    "Classic",
    "Smart",
    "Eco",
    "Rugged",
    "Slim",
    "Pro",
    "Vintage",
    "Quiet",
    "Bright",
    "Modular",
    "Foldable",
    "Wireless",
    "Heated"
  };
  private static final String[] MATERIALS = {
    "Oak",
    "Steel",
    "Bamboo",
    "Ceramic",
    "Linen",
    "Carbon",
    "Walnut",
    "Glass",
    "Copper",
    "Wool",
    "Aluminium",
    "Leather"
  };
  private static final String[] NOUNS = {
    "Chair",
    "Lamp",
    "Kettle",
    "Backpack",
    "Desk",
    "Headphones",
    "Blender",
    "Mug",
    "Shelf",
    "Jacket",
    "Speaker",
    "Toaster",
    "Tent",
    "Clock",
    "Bottle",
    "Pan"
  };
  private static final String[] CATEGORIES = {
    "furniture", "lighting", "kitchen", "outdoor", "audio", "apparel", "office", "home"
  };

  private static final int ROWS_PER_INSERT = 400;

  private Seeder() {}

  /** Counts of what {@link #seed} wrote. */
  public record Seeded(int products, int orders, long lines) {}

  public static Seeded seed(Connection c, int products, int orders) throws SQLException {
    Random random = new Random(42);
    c.setAutoCommit(false);
    insertProducts(c, products);
    long lines = insertOrders(c, random, products, orders);
    try (Statement s = c.createStatement()) {
      s.execute("ALTER TABLE orders ALTER COLUMN id RESTART WITH " + (orders + 1));
    }
    c.commit();
    c.setAutoCommit(true);
    return new Seeded(products, orders, lines);
  }

  private static void insertProducts(Connection c, int products) throws SQLException {
    Batch batch = new Batch(c, "INSERT INTO products (id, sku, name, category) VALUES ", 4);
    for (long id = 1; id <= products; id++) {
      batch.add(
          id,
          String.format("SKU-%06d", id),
          productName(id),
          CATEGORIES[(int) (id % CATEGORIES.length)]);
    }
    batch.flush();
  }

  static String productName(long id) {
    long h = id * 2654435761L;
    return ADJECTIVES[(int) (Math.abs(h) % ADJECTIVES.length)]
        + " "
        + MATERIALS[(int) (Math.abs(h >> 8) % MATERIALS.length)]
        + " "
        + NOUNS[(int) (Math.abs(h >> 16) % NOUNS.length)];
  }

  private static long insertOrders(Connection c, Random random, int products, int orders)
      throws SQLException {
    Batch head = new Batch(c, "INSERT INTO orders (id, customer_id, created_at) VALUES ", 3);
    Batch lines =
        new Batch(
            c,
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit_price_cents)"
                + " VALUES ",
            5);
    lines.after = head; // a line's order must be in before the line (foreign key)
    long count = 0;
    for (long id = 1; id <= orders; id++) {
      head.add(id, 1L + random.nextInt(5_000), EPOCH.plusMinutes(id * 7));
      int n = 5 + random.nextInt(16); // 5 to 20 lines
      for (int line = 1; line <= n; line++) {
        long product = 1L + random.nextInt(products);
        lines.add(
            id,
            line,
            product,
            1 + random.nextInt(5),
            OrderRepository.cents(PricingServer.priceOf(product)));
        count++;
      }
    }
    head.flush();
    lines.flush();
    return count;
  }

  /** Accumulates rows and sends them as multi-row inserts. */
  private static final class Batch {
    private final Connection connection;
    private final String prefix;
    private final int columns;
    private final Object[] rows;
    private int size;
    private PreparedStatement full;

    /** Flushed before this batch sends anything. */
    Batch after;

    Batch(Connection connection, String prefix, int columns) {
      this.connection = connection;
      this.prefix = prefix;
      this.columns = columns;
      this.rows = new Object[ROWS_PER_INSERT * columns];
    }

    void add(Object... values) throws SQLException {
      System.arraycopy(values, 0, rows, size * columns, columns);
      if (++size == ROWS_PER_INSERT) {
        if (full == null) {
          full = connection.prepareStatement(sql(ROWS_PER_INSERT));
        }
        send(full, size);
      }
    }

    void flush() throws SQLException {
      if (size == ROWS_PER_INSERT && full != null) {
        send(full, size);
      } else if (size > 0) {
        try (PreparedStatement ps = connection.prepareStatement(sql(size))) {
          send(ps, size);
        }
      }
    }

    private void send(PreparedStatement ps, int n) throws SQLException {
      if (after != null) {
        after.flush();
      }
      for (int i = 0; i < n * columns; i++) {
        ps.setObject(i + 1, rows[i]);
      }
      ps.executeUpdate();
      size = 0;
    }

    private String sql(int n) {
      StringBuilder row = new StringBuilder("(");
      for (int i = 0; i < columns; i++) {
        row.append(i == 0 ? "?" : ", ?");
      }
      row.append(')');
      StringBuilder sb = new StringBuilder(prefix);
      for (int i = 0; i < n; i++) {
        sb.append(i == 0 ? "" : ", ").append(row);
      }
      return sb.toString();
    }
  }
}
