package dev.overdrive.demo.load;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.overdrive.demo.service.Json;
import java.io.IOException;
import java.util.Map;

/** {@code GET /stats} of a running service. */
public record Stats(String overdrive, long dbQueries, long pricingCalls, long products,
    long seededOrders) {

  public static Stats fetch(String baseUrl) throws IOException {
    try (HttpConn conn = HttpConn.to(baseUrl, 10_000)) {
      HttpConn.Response r = conn.get("/stats");
      if (r.status() != 200) {
        throw new IOException("GET /stats answered " + r.status() + ": " + r.text());
      }
      Map<String, Object> m = Json.MAPPER.readValue(r.body(),
          new TypeReference<Map<String, Object>>() {});
      return new Stats(String.valueOf(m.get("overdrive")), number(m, "dbQueries"),
          number(m, "pricingCalls"), number(m, "products"), number(m, "seededOrders"));
    }
  }

  private static long number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
