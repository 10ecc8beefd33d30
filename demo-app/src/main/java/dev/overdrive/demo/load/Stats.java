package dev.overdrive.demo.load;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.overdrive.demo.service.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** {@code GET /stats} of a running service (read between measured phases, never during one). */
public record Stats(
    String overdrive, long dbQueries, long pricingCalls, long products, long seededOrders) {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  public static Stats fetch(String baseUrl) throws IOException {
    HttpResponse<byte[]> r;
    try {
      r =
          CLIENT.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/stats")).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading " + baseUrl + "/stats", e);
    }
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET /stats answered "
              + r.statusCode()
              + ": "
              + new String(r.body(), StandardCharsets.UTF_8));
    }
    Map<String, Object> m =
        Json.MAPPER.readValue(r.body(), new TypeReference<Map<String, Object>>() {});
    return new Stats(
        String.valueOf(m.get("overdrive")),
        number(m, "dbQueries"),
        number(m, "pricingCalls"),
        number(m, "products"),
        number(m, "seededOrders"));
  }

  private static long number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.longValue() : 0;
  }
}
