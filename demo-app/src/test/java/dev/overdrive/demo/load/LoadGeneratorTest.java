package dev.overdrive.demo.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

  private HttpServer server;
  private final AtomicInteger hits = new AtomicInteger();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          hits.incrementAndGet();
          byte[] in = ex.getRequestBody().readAllBytes();
          String path = ex.getRequestURI().getPath();
          byte[] body =
              ("{\"path\":\"" + path + "\",\"in\":" + in.length + "}")
                  .getBytes(StandardCharsets.UTF_8);
          int status =
              path.startsWith("/missing") ? 404 : ex.getRequestMethod().equals("POST") ? 201 : 200;
          ex.sendResponseHeaders(status, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void aRunCountsRequestsAndErrorsAndSortsLatencies() throws Exception {
    Workload w = new Workload(new Workload.Catalog(100, 10));
    LoadGenerator.Sample s =
        LoadGenerator.run(url(), w, Workload.Endpoint.PRODUCT, 4, Duration.ofMillis(400), 1, null);
    assertTrue(s.requests() > 10, "requests " + s.requests());
    assertEquals(0, s.errors());
    assertEquals(s.requests(), s.sortedNanos().length);
    for (int i = 1; i < s.sortedNanos().length; i++) {
      assertTrue(s.sortedNanos()[i - 1] <= s.sortedNanos()[i]);
    }
    assertTrue(s.percentileMs(0.5) <= s.percentileMs(0.99));
    // the test server answers POST with 201, which is what POST /orders expects
    LoadGenerator.Sample bad =
        LoadGenerator.run(url(), w, Workload.Endpoint.CREATE, 2, Duration.ofMillis(200), 1, null);
    assertEquals(0, bad.errors());
  }

  @Test
  void responsesAreFramedByContentLength() {
    byte[] whole =
        "HTTP/1.1 404 Not Found\r\nContent-length: 5\r\nConnection: close\r\n\r\nabcde"
            .getBytes(StandardCharsets.ISO_8859_1);
    int head = whole.length - 5;
    assertNull(LoadGenerator.Response.parse(whole, head - 1), "head not all there");
    assertNull(LoadGenerator.Response.parse(whole, whole.length - 1), "body not all there");
    LoadGenerator.Response r = LoadGenerator.Response.parse(whole, whole.length);
    assertEquals(404, r.status());
    assertEquals(head, r.bodyStart());
    assertEquals(5, r.bodyLength());
    assertTrue(r.close());
    byte[] chunked =
        "HTTP/1.1 200 OK\r\nTransfer-encoding: chunked\r\n\r\n5\r\nabcde\r\n0\r\n\r\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    LoadGenerator.Response c = LoadGenerator.Response.parse(chunked, chunked.length);
    assertEquals(-1, c.status());
    assertEquals("a response without Content-Length", c.problem());
    for (String bad :
        new String[] {
          "SSH-2.0-OpenSSH\r\n\r\n",
          "HTTP/1.1 abc\r\n\r\n",
          "HTTP/1.1 200 OK\r\nContent-Length: many\r\n\r\n"
        }) {
      byte[] junk = bad.getBytes(StandardCharsets.ISO_8859_1);
      assertEquals(-1, LoadGenerator.Response.parse(junk, junk.length).status(), bad);
    }
  }

  @Test
  void aServerThatStopsAnsweringGivesErrorsNotAHang() throws Exception {
    Workload w = new Workload(new Workload.Catalog(100, 10));
    server.stop(0);
    LoadGenerator.Sample s =
        LoadGenerator.run(url(), w, Workload.Endpoint.PRODUCT, 2, Duration.ofMillis(200), 1, null);
    assertEquals(0, s.requests());
    assertTrue(s.errors() > 0 && s.firstError().startsWith("GET /products/"), s.firstError());
  }

  @Test
  void percentilesAreNearestRank() {
    long[] ns = new long[100];
    for (int i = 0; i < 100; i++) {
      ns[i] = (i + 1) * 1_000_000L;
    }
    LoadGenerator.Sample s = new LoadGenerator.Sample(100, 0, 1, ns, null);
    assertEquals(50.0, s.percentileMs(0.5));
    assertEquals(99.0, s.percentileMs(0.99));
    assertEquals(100.0, s.throughput());
    assertArrayEquals(ns, s.sortedNanos());
  }
}
