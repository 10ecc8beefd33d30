package dev.overdrive.demo.load;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the virtual users ask for. Product ids follow a skewed popularity, as in any real catalog:
 * 90% of lookups go to the 1,000 most popular products, 10% anywhere in the catalog. Order ids are
 * uniform over the seeded orders. New orders have 5 to 20 distinct lines.
 */
public final class Workload {

  /** How many products are "popular", and the share of lookups that go to them. */
  public static final int HOT_PRODUCTS = 1_000;

  public static final double HOT_SHARE = 0.9;

  /** One request to send. */
  public record Request(String method, String path, byte[] body) {}

  /** The sizes of the data the service was seeded with (from {@code GET /stats}). */
  public record Catalog(long products, long orders) {}

  /** An endpoint (or the mix of all of them) as the load generator drives it. */
  public enum Endpoint {
    PRODUCT("products", "GET /products/{id}", 200),
    ORDER("orders", "GET /orders/{id}", 200),
    PRICE("price", "GET /products/{id}/price", 200),
    CREATE("create", "POST /orders", 201),
    MIXED("mixed", "mixed (45/25/25/5)", 0);

    private final String key;
    private final String label;
    private final int expected;

    Endpoint(String key, String label, int expected) {
      this.key = key;
      this.label = label;
      this.expected = expected;
    }

    public String key() {
      return key;
    }

    public String label() {
      return label;
    }

    /** Whether {@code status} is the success this endpoint answers with. */
    public boolean ok(int status) {
      return expected == 0 ? status == 200 || status == 201 : status == expected;
    }

    public static List<Endpoint> parse(String list) {
      List<Endpoint> out = new ArrayList<>();
      for (String k : list.split(",")) {
        String key = k.trim().toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
          continue;
        }
        if (key.equals("all")) {
          return List.of(values());
        }
        Endpoint found = null;
        for (Endpoint e : values()) {
          if (e.key.equals(key)) {
            found = e;
          }
        }
        if (found == null) {
          throw new IllegalArgumentException(
              "unknown endpoint \""
                  + key
                  + "\" (use products, orders, price, create, mixed or all)");
        }
        out.add(found);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("no endpoint to drive");
      }
      return out;
    }
  }

  private final Catalog catalog;

  public Workload(Catalog catalog) {
    this.catalog = catalog;
  }

  public Request next(Endpoint e, SplittableRandom r) {
    return switch (e) {
      case PRODUCT -> new Request("GET", "/products/" + product(r), null);
      case ORDER -> new Request("GET", "/orders/" + (1 + r.nextLong(catalog.orders())), null);
      case PRICE -> new Request("GET", "/products/" + product(r) + "/price", null);
      case CREATE -> new Request("POST", "/orders", newOrder(r));
      case MIXED -> {
        int dice = r.nextInt(100);
        Endpoint pick =
            dice < 45
                ? Endpoint.PRODUCT
                : dice < 70 ? Endpoint.ORDER : dice < 95 ? Endpoint.PRICE : Endpoint.CREATE;
        yield next(pick, r);
      }
    };
  }

  /** A product id: popular ones most of the time. */
  long product(SplittableRandom r) {
    long hot = Math.min(HOT_PRODUCTS, catalog.products());
    if (r.nextDouble() < HOT_SHARE) {
      return 1 + r.nextLong(hot);
    }
    return 1 + r.nextLong(catalog.products());
  }

  byte[] newOrder(SplittableRandom r) {
    int n = 5 + r.nextInt(16);
    List<Long> ids = new ArrayList<>(n);
    int guard = 0;
    while (ids.size() < n && guard++ < 1_000) {
      long id = product(r);
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    StringBuilder sb =
        new StringBuilder(64 + 40 * n)
            .append("{\"customerId\":")
            .append(1 + r.nextInt(5_000))
            .append(",\"lines\":[");
    for (int i = 0; i < ids.size(); i++) {
      sb.append(i == 0 ? "" : ",")
          .append("{\"productId\":")
          .append(ids.get(i))
          .append(",\"quantity\":")
          .append(1 + r.nextInt(5))
          .append('}');
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
