package dev.overdrive.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.overdrive.demo.service.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The demo as a user runs it: the packaged {@code overdrive-demo.jar}, in separate JVMs, one under
 * the real agent and one with the agent disabled, over H2; then {@code compare}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoIT {

  private static final Path TARGET =
      Path.of(System.getProperty("demo.target", "target")).toAbsolutePath();
  private static final Path JAR =
      Path.of(System.getProperty("demo.jar", TARGET.resolve("overdrive-demo.jar").toString()))
          .toAbsolutePath();
  private static final List<String> SEED = List.of("--products=2000", "--orders=300");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Launcher.ServiceProcess on;
  private Launcher.ServiceProcess off;
  private Path journalOn;
  private final List<Long> createdOn = new ArrayList<>();

  static Path agent() {
    for (Path p :
        List.of(
            TARGET.resolve("overdrive-agent.jar"),
            TARGET.resolve("../../agent/target/overdrive-agent.jar"))) {
      if (Files.isRegularFile(p)) {
        return p.normalize();
      }
    }
    throw new IllegalStateException(
        "no overdrive-agent.jar next to " + JAR + " nor in ../agent/target: build the agent first");
  }

  static List<String> serviceCommand(boolean agentOn, Path journal) {
    List<String> cmd =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(Launcher.SERVICE_JVM_FLAGS);
    cmd.add("-javaagent:" + agent());
    if (!agentOn) {
      cmd.add("-Doverdrive.enabled=false");
    }
    cmd.addAll(List.of("-jar", JAR.toString(), "serve", "--port=0", "--journal=" + journal));
    cmd.addAll(SEED);
    return cmd;
  }

  @BeforeAll
  void startBoth() throws Exception {
    assertTrue(Files.isRegularFile(JAR), "package first: " + JAR);
    journalOn = TARGET.resolve("it-journal-on.log");
    Files.deleteIfExists(journalOn);
    Path journalOff = TARGET.resolve("it-journal-off.log");
    Files.deleteIfExists(journalOff);
    ExecutorService boot = Executors.newFixedThreadPool(2);
    try {
      Future<Launcher.ServiceProcess> a =
          boot.submit(
              () ->
                  Launcher.startService(
                      serviceCommand(true, journalOn),
                      TARGET.resolve("it-service-on.log"),
                      Duration.ofMinutes(2)));
      Future<Launcher.ServiceProcess> b =
          boot.submit(
              () ->
                  Launcher.startService(
                      serviceCommand(false, journalOff),
                      TARGET.resolve("it-service-off.log"),
                      Duration.ofMinutes(2)));
      on = a.get();
      off = b.get();
    } finally {
      boot.shutdown();
    }
  }

  @AfterAll
  void stopBoth() {
    if (on != null) {
      on.close();
    }
    if (off != null) {
      off.close();
    }
  }

  // ----------------------------------------------------------------------------- helpers --

  record Reply(int status, String body) {
    JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Reply call(Launcher.ServiceProcess s, String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(15));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    }
    HttpResponse<String> r =
        http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Reply(r.statusCode(), r.body());
  }

  Reply get(Launcher.ServiceProcess s, String path) throws Exception {
    return call(s, "GET", path, null);
  }

  JsonNode stats(Launcher.ServiceProcess s) throws Exception {
    Reply r = get(s, "/stats");
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  /** {sum, count} of overdrive_batch_keys for ProductRepository#load: keys sent, bulk calls. */
  double[] batchKeys(Launcher.ServiceProcess s) throws Exception {
    double[] found = {Double.NaN, Double.NaN};
    for (String line : get(s, "/metrics").body().split("\n")) {
      if (line.contains("ProductRepository#load")) {
        if (line.startsWith("overdrive_batch_keys_sum{")) {
          found[0] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        } else if (line.startsWith("overdrive_batch_keys_count{")) {
          found[1] = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
    }
    assertFalse(
        Double.isNaN(found[0]) || Double.isNaN(found[1]),
        "overdrive_batch_keys of ProductRepository#load in /metrics");
    return found;
  }

  long queries(Launcher.ServiceProcess s) throws Exception {
    return stats(s).get("dbQueries").asLong();
  }

  long pricingCalls(Launcher.ServiceProcess s) throws Exception {
    return stats(s).get("pricingCalls").asLong();
  }

  static void assertError(Reply r, int status, String error, String messagePart) {
    assertEquals(status, r.status(), r.body());
    JsonNode j = r.json();
    assertEquals(error, j.path("error").asText(), r.body());
    assertTrue(
        j.path("message").asText().contains(messagePart),
        "message should contain \"" + messagePart + "\": " + r.body());
  }

  static final String ORDER =
      "{\"customerId\": 77, \"lines\": [{\"productId\": 3, \"quantity\": 2},"
          + " {\"productId\": 1500, \"quantity\": 1}, {\"productId\": 42, \"quantity\": 4},"
          + " {\"productId\": 7, \"quantity\": 1}, {\"productId\": 99, \"quantity\": 3}]}";

  // ------------------------------------------------------------------------------- tests --

  @Test
  @Order(1)
  void bothRunsReportWhetherTheAgentIsOn() throws Exception {
    assertEquals("on", stats(on).get("overdrive").asText());
    assertEquals("off", stats(off).get("overdrive").asText());
    assertEquals(2000, stats(on).get("products").asLong());
  }

  @Test
  @Order(2)
  void responsesAreIdenticalWithAndWithoutTheAgent() throws Exception {
    List<String[]> requests = new ArrayList<>();
    for (String id : List.of("1", "2", "1000", "2000", "2001", "999999", "abc", "0", "-4")) {
      requests.add(new String[] {"GET", "/products/" + id, null});
      requests.add(new String[] {"GET", "/products/" + id + "/price", null});
    }
    for (String id : List.of("1", "2", "150", "300", "301", "abc")) {
      requests.add(new String[] {"GET", "/orders/" + id, null});
    }
    requests.add(new String[] {"GET", "/products/1", null}); // again: now a cache hit on
    requests.add(new String[] {"GET", "/orders/1", null});
    requests.add(new String[] {"POST", "/orders", ORDER});
    requests.add(new String[] {"POST", "/orders", "{\"customerId\": 1, \"lines\": ["});
    requests.add(new String[] {"POST", "/orders", "{\"customerId\": 1, \"lines\": []}"});
    requests.add(
        new String[] {
          "POST",
          "/orders",
          "{\"customerId\": 1, \"lines\": [{\"productId\": 999999, \"quantity\": 1}]}"
        });
    requests.add(new String[] {"DELETE", "/orders/1", null});
    requests.add(new String[] {"GET", "/nowhere", null});
    requests.add(new String[] {"GET", "/", null});
    int compared = 0;
    for (String[] q : requests) {
      Reply a = call(off, q[0], q[1], q[2]);
      Reply b = call(on, q[0], q[1], q[2]);
      String what = q[0] + " " + q[1];
      assertEquals(a.status(), b.status(), what + ": " + a.body() + " vs " + b.body());
      if (q[0].equals("POST") && a.status() == 201) {
        // the same order, placed a moment apart: identical but for its timestamp
        ObjectNode x = (ObjectNode) a.json();
        ObjectNode y = (ObjectNode) b.json();
        assertTrue(
            x.remove("createdAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        y.remove("createdAt");
        assertEquals(x, y, what);
        assertEquals(301, y.get("id").asLong(), "the first order after the 300 seeded");
        createdOn.add(y.get("id").asLong());
        JsonNode reread = get(on, "/orders/" + y.get("id").asLong()).json();
        ((ObjectNode) reread).remove("createdAt");
        assertEquals(y, reread, "a created order reads back as it was answered");
      } else {
        assertEquals(a.body(), b.body(), what);
      }
      compared++;
    }
    assertEquals(requests.size(), compared);
  }

  @Test
  @Order(3)
  void productLookupsAreCached() throws Exception {
    long before = queries(on);
    Reply first = get(on, "/products/1234");
    Reply second = get(on, "/products/1234");
    assertEquals(200, first.status());
    assertEquals(first.body(), second.body());
    assertEquals(before + 1, queries(on), "one query for two lookups with the agent");
    assertEquals("SKU-001234", first.json().get("sku").asText());

    long offBefore = queries(off);
    get(off, "/products/1234");
    get(off, "/products/1234");
    assertEquals(offBefore + 2, queries(off), "one query per lookup without the agent");

    long missing = queries(on);
    assertEquals(404, get(on, "/products/5555").status());
    assertEquals(404, get(on, "/products/5555").status());
    assertEquals(missing + 1, queries(on), "absent ids are cached too (no penetration)");
  }

  @Test
  @Order(4)
  void orderQueriesDropFromNPlusOneToAtMostTwo() throws Exception {
    // Warm the paths up first, as compare does: a cold JVM is slower between two keys. 60 orders
    // (about 750 lines): most products of the orders below are still to be loaded.
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> warm = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        int id = 100 + i;
        warm.add(pool.submit(() -> get(on, "/orders/" + id).status()));
      }
      for (Future<Integer> f : warm) {
        assertEquals(200, f.get(30, TimeUnit.SECONDS));
      }

      long offTotal = 0;
      long onTotal = 0;
      int requests = 20;
      double[] batchedBefore = batchKeys(on);
      for (int id = 10; id < 10 + requests; id++) {
        long before = queries(off);
        Reply r = get(off, "/orders/" + id);
        assertEquals(200, r.status(), r.body());
        int lines = r.json().get("lines").size();
        assertTrue(lines >= 5 && lines <= 20, "seeded orders have 5 to 20 lines: " + lines);
        assertEquals(before + 1 + lines, queries(off), "without the agent: 1 + N for order " + id);
        offTotal += 1 + lines;

        before = queries(on);
        Reply s = get(on, "/orders/" + id);
        assertEquals(r.body(), s.body());
        long used = queries(on) - before;
        // 1 for the order and its lines, 1 for all its products not loaded before (none if
        // other orders loaded them all). Rarely (the request's thread waited on something
        // between two of its lookups), one thread's burst of futures goes in two bulk calls.
        assertTrue(
            used >= 1 && used <= 1 + lines,
            "with the agent: " + used + " queries for " + lines + " lines of order " + id);
        onTotal += used;
        before = queries(on);
        assertEquals(r.body(), get(on, "/orders/" + id).body());
        assertEquals(before + 1, queries(on), "order " + id + " again: its products are cached");
      }
      // Over the 20 requests, not each: how a burst of futures is split when its thread is
      // made to wait mid-burst depends on the machine's load, the drop from 1 + N does not. A
      // quiet machine gives 2 or fewer for every request (about 40 in all); a busy one a few
      // more; 1 + N gives about 270.
      assertTrue(
          onTotal <= 2L * requests + requests / 2 && onTotal * 4 <= offTotal,
          "queries for "
              + requests
              + " order requests: "
              + onTotal
              + " with the agent, "
              + offTotal
              + " without");
      // The lookups were batched: bulk calls held several keys each (an order's missing lines).
      double[] batchedAfter = batchKeys(on);
      double calls = batchedAfter[1] - batchedBefore[1];
      double keys = batchedAfter[0] - batchedBefore[0];
      assertTrue(
          calls >= 1 && keys / calls >= 2,
          "bulk calls of ProductRepository#load during"
              + " the sequential requests: "
              + calls
              + " calls for "
              + keys
              + " keys");

      // Concurrent requests share batches: at most 2 queries a request, all told.
      long before = queries(on);
      List<Future<Integer>> statuses = new ArrayList<>();
      int concurrent = 80;
      for (int i = 0; i < concurrent; i++) {
        int id = 31 + i;
        statuses.add(pool.submit(() -> get(on, "/orders/" + id).status()));
      }
      for (Future<Integer> f : statuses) {
        assertEquals(200, f.get(30, TimeUnit.SECONDS));
      }
      long used = queries(on) - before;
      assertTrue(
          used <= 2 * concurrent,
          concurrent + " concurrent order requests took " + used + " queries");
    } finally {
      pool.shutdownNow();
    }
    JsonNode lines = get(on, "/orders/12").json().get("lines");
    for (JsonNode l : lines) {
      assertFalse(l.get("product").get("name").asText().isEmpty());
      assertEquals(
          0,
          l.get("unitPrice")
              .decimalValue()
              .multiply(l.get("quantity").decimalValue())
              .compareTo(l.get("amount").decimalValue()));
    }
  }

  @Test
  @Order(5)
  void newOrdersArePricedLineByLineInParallelAndJournaled() throws Exception {
    long calls = pricingCalls(on);
    long queries = queries(on);
    Reply r = call(on, "POST", "/orders", ORDER.replace("77", "78"));
    assertEquals(201, r.status(), r.body());
    JsonNode order = r.json();
    createdOn.add(order.get("id").asLong());
    assertEquals(5, order.get("lines").size());
    assertEquals(calls + 5, pricingCalls(on), "a fresh quote per line");
    assertEquals(queries + 3, queries(on), "products check, order insert, lines insert");
    assertEquals(
        get(on, "/products/42/price").json().get("price").decimalValue(),
        order.get("lines").get(2).get("unitPrice").decimalValue(),
        "the line carries the price the pricing service gives");
    String metrics = get(on, "/metrics").body();
    assertTrue(
        metrics.matches(
            "(?s).*overdrive_parallel_chunks_total\\{[^}]*executor=\"pricing\""
                + "[^}]*\\} [1-9].*"),
        "parallel chunks counted");
    assertTrue(
        metrics.matches(
            "(?s).*overdrive_async_submitted_total\\{[^}]*executor=\"journal\""
                + "[^}]*\\} [1-9].*"),
        "journal appends submitted");
  }

  @Test
  @Order(6)
  void pricesAreCachedAndSurviveAPricingOutageWhileUncachedOnesGet503() throws Exception {
    long calls = pricingCalls(on);
    Reply first = get(on, "/products/640/price");
    assertEquals(200, first.status(), first.body());
    assertEquals(200, get(on, "/products/640/price").status());
    assertEquals(calls + 1, pricingCalls(on), "the second read is served from the cache");
    Reply offFirst = get(off, "/products/640/price");
    assertEquals(first.body(), offFirst.body());

    try {
      for (Launcher.ServiceProcess s : List.of(on, off)) {
        Reply down = call(s, "POST", "/admin/pricing?state=down", null);
        assertEquals("down", down.json().get("pricing").asText(), down.body());
      }
      Reply cached = get(on, "/products/640/price");
      assertEquals(200, cached.status(), "a cached price is still served: " + cached.body());
      assertEquals(first.body(), cached.body());
      assertError(get(on, "/products/641/price"), 503, "pricing_unavailable", "pricing");
      assertError(get(off, "/products/640/price"), 503, "pricing_unavailable", "pricing");
      assertError(call(on, "POST", "/orders", ORDER), 503, "pricing_unavailable", "pricing");
      assertError(call(off, "POST", "/orders", ORDER), 503, "pricing_unavailable", "pricing");
      assertEquals(200, get(on, "/products/641").status(), "what needs no pricing still works");

      // A pricing service that hangs: every call times out, no request hangs.
      call(on, "POST", "/admin/pricing?state=up&latency=20s", null);
      long t0 = System.nanoTime();
      assertError(get(on, "/products/642/price"), 503, "pricing_unavailable", "within");
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertTrue(ms < 5_000, "a hanging pricing service answered 503 in " + ms + " ms");
    } finally {
      for (Launcher.ServiceProcess s : List.of(on, off)) {
        call(s, "POST", "/admin/pricing?state=up&latency=5ms", null);
      }
    }
    assertEquals(200, get(on, "/products/642/price").status(), "back up");
  }

  @Test
  @Order(7)
  void badInputGetsAJsonError() throws Exception {
    for (Launcher.ServiceProcess s : List.of(on, off)) {
      assertError(get(s, "/products/999999"), 404, "not_found", "product 999999 not found");
      assertError(get(s, "/orders/999999"), 404, "not_found", "order 999999 not found");
      assertError(get(s, "/products/999999/price"), 404, "not_found", "product 999999");
      assertError(get(s, "/products/abc"), 400, "bad_request", "positive number");
      assertError(
          call(s, "POST", "/orders", "{\"customerId\": 1, \"lines\": [{\"productId\": "),
          400,
          "bad_request",
          "malformed JSON");
      assertError(
          call(s, "POST", "/orders", "not json at all"), 400, "bad_request", "malformed JSON");
      assertError(call(s, "POST", "/orders", ""), 400, "bad_request", "empty body");
      assertError(
          call(s, "POST", "/orders", "{\"customerId\": 1, \"lines\": [], \"x\": 1}"),
          400,
          "bad_request",
          "unknown field \"x\"");
      assertError(
          call(
              s,
              "POST",
              "/orders",
              "{\"customerId\": 1, \"lines\": [{\"productId\": \"ten\", \"quantity\": 1}]}"),
          400,
          "bad_request",
          "$.lines[0].productId");
      assertError(
          call(
              s,
              "POST",
              "/orders",
              "{\"customerId\": 1, \"lines\": [{\"productId\": 5, \"quantity\": 0}]}"),
          400,
          "bad_request",
          "quantity");
      assertError(
          call(
              s,
              "POST",
              "/orders",
              "{\"customerId\": 1, \"lines\": [{\"productId\": 2001, \"quantity\": 1}]}"),
          400,
          "bad_request",
          "unknown product id(s): [2001]");
      assertError(call(s, "PUT", "/products/1", "{}"), 405, "method_not_allowed", "GET");
      assertError(get(s, "/orders"), 405, "method_not_allowed", "POST");
      assertError(get(s, "/no/such/thing"), 404, "not_found", "no such endpoint");
    }
  }

  @Test
  @Order(8)
  void metricsArePrometheusTextWithOverdrivesMeters() throws Exception {
    Reply r = get(on, "/metrics");
    assertEquals(200, r.status());
    for (String meter :
        List.of(
            "overdrive_cache_gets_total{cache=\"products\"",
            "overdrive_cache_gets_total{cache=\"prices\"",
            "overdrive_cache_size{cache=\"products\"",
            "overdrive_batch_calls_total{method=\"dev.overdrive.demo.service.ProductRepository#load\"}",
            "overdrive_batch_keys_count",
            "overdrive_parallel_chunks_total",
            "overdrive_async_submitted_total",
            "overdrive_executor_queued",
            "demo_db_queries_total",
            "demo_pricing_calls_total",
            "http_server_requests_seconds_count",
            "hikaricp_connections",
            "jvm_memory_used_bytes")) {
      assertTrue(r.body().contains(meter), meter + " in /metrics");
    }
    Reply plain = get(off, "/metrics");
    assertEquals(200, plain.status());
    assertFalse(
        plain.body().contains("overdrive_cache_gets_total"),
        "no Overdrive meters without the agent");
  }

  @Test
  @Order(9)
  void shutdownWritesEveryJournalLineAndCloses() throws Exception {
    for (int i = 0; i < 20; i++) {
      Reply r = call(on, "POST", "/orders", ORDER.replace("77", Integer.toString(100 + i)));
      assertEquals(201, r.status(), r.body());
      createdOn.add(r.json().get("id").asLong());
    }
    on.close();
    String log = Files.readString(on.log(), StandardCharsets.ISO_8859_1);
    assertTrue(log.contains("[demo] stopped"), "clean stop:\n" + log);
    List<String> lines = Files.readAllLines(journalOn, StandardCharsets.UTF_8);
    List<Long> journaled = new ArrayList<>();
    for (String line : lines) {
      journaled.add(Json.MAPPER.readTree(line).get("orderId").asLong());
    }
    assertEquals(createdOn, journaled, "one journal line per created order, in order");
    on = null;
  }

  @Test
  @Order(10)
  void compareRunsBothAndWritesTheTableAndTheReport() throws Exception {
    Path report = TARGET.resolve("it-compare-report.html");
    Files.deleteIfExists(report);
    Path output = TARGET.resolve("it-compare-output.txt");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Doverdrive.agent=" + agent(),
                "-jar",
                JAR.toString(),
                "compare",
                "--duration=1200ms",
                "--warmup=300ms",
                "--warmup-all=500ms",
                "--concurrency=4",
                "--report=" + report));
    cmd.addAll(SEED);
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("compare did not finish in 3 minutes:\n" + Files.readString(output));
    }
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), out);
    assertTrue(
        out.contains("requests/s")
            && out.contains("p99 ms")
            && out.contains("db queries/req")
            && out.contains("pricing calls/req"),
        out);
    for (String label :
        List.of(
            "GET /products/{id}", "GET /orders/{id}", "GET /products/{id}/price", "POST /orders")) {
      assertTrue(
          out.lines().anyMatch(l -> l.startsWith(label) && l.contains("x |")),
          "a table row for " + label + ":\n" + out);
    }
    assertTrue(out.contains("[agent off] starting the service"), out);
    assertTrue(out.contains("-Doverdrive.enabled=false"), out);
    assertTrue(out.contains("HTML report: " + report), out);
    String html = Files.readString(report, StandardCharsets.UTF_8);
    assertEquals(5, html.split("<svg ", -1).length - 1, "five charts");
    assertTrue(html.contains("-Doverdrive.enabled=false"), "the commands used");
    assertTrue(html.contains("compare"), "the compare command");
    assertFalse(html.contains("<script") || html.contains("<link"), "no external assets");
  }
}
