package dev.overdrive.demo.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.overdrive.demo.service.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkloadTest {

  private final Workload workload = new Workload(new Workload.Catalog(50_000, 20_000));

  @Test
  void productIdsAreInRangeAndSkewedTowardsPopularOnes() {
    SplittableRandom r = new SplittableRandom(1);
    int hot = 0;
    for (int i = 0; i < 100_000; i++) {
      long id = workload.product(r);
      assertTrue(id >= 1 && id <= 50_000, "id " + id);
      if (id <= Workload.HOT_PRODUCTS) {
        hot++;
      }
    }
    assertTrue(hot > 89_000 && hot < 92_000, "popular share " + hot);
  }

  @Test
  void newOrdersHaveFiveToTwentyDistinctLines() throws Exception {
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 200; i++) {
      JsonNode order = Json.MAPPER.readTree(workload.newOrder(r));
      JsonNode lines = order.get("lines");
      assertTrue(lines.size() >= 5 && lines.size() <= 20, "lines " + lines.size());
      Set<Long> ids = new HashSet<>();
      for (JsonNode l : lines) {
        assertTrue(ids.add(l.get("productId").asLong()));
        int q = l.get("quantity").asInt();
        assertTrue(q >= 1 && q <= 5);
      }
    }
  }

  @Test
  void theSameSeedGivesTheSameRequests() {
    SplittableRandom a = new SplittableRandom(3);
    SplittableRandom b = new SplittableRandom(3);
    for (Workload.Endpoint e : Workload.Endpoint.values()) {
      for (int i = 0; i < 50; i++) {
        assertEquals(workload.next(e, a).path(), workload.next(e, b).path());
      }
    }
  }

  @Test
  void endpointsParse() {
    assertEquals(
        List.of(Workload.Endpoint.ORDER, Workload.Endpoint.PRICE),
        Workload.Endpoint.parse("orders, price"));
    assertEquals(5, Workload.Endpoint.parse("all").size());
  }
}
