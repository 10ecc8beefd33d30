package dev.overdrive.demo.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.overdrive.demo.Args;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP JSON API, on the JDK's built-in {@link HttpServer} with a bounded pool of handler
 * threads. Every error is a JSON body {@code {"error": ..., "message": ...}}.
 */
public final class Api implements AutoCloseable {

  private static final int MAX_BODY = 1 << 20;
  private static final byte[] JSON_404 =
      "{\"error\":\"not_found\",\"message\":\"no such endpoint; try GET /\"}"
          .getBytes(StandardCharsets.UTF_8);

  private final DemoService service;
  private final HttpServer server;
  private final ThreadPoolExecutor pool;

  Api(DemoService service, String host, int port, int threads) throws IOException {
    this.service = service;
    AtomicInteger n = new AtomicInteger();
    // Bounded: at most `threads` requests are handled at once and a few more wait; past that the
    // server's dispatcher thread runs the request itself, which stops it accepting more (back
    // pressure) instead of queueing without bound.
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(threads * 8),
            r -> {
              Thread t = new Thread(r, "http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.CallerRunsPolicy());
    this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
    server.createContext("/", this::handle);
    server.setExecutor(pool);
  }

  void start() {
    server.start();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) {
    long start = System.nanoTime();
    String method = ex.getRequestMethod();
    String[] route = {"UNKNOWN"};
    int status;
    try {
      Reply reply = route(ex, method, route);
      status = reply.status;
      send(ex, reply.status, reply.contentType, reply.body);
    } catch (ApiException e) {
      status = e.status();
      sendError(ex, e.status(), e.error(), e.getMessage());
    } catch (RuntimeException e) {
      status = 500;
      System.err.println("[demo] " + method + " " + ex.getRequestURI() + " failed: " + e);
      sendError(ex, 500, "internal_error", e.toString());
    } finally {
      ex.close();
    }
    service.telemetry().request(method, route[0], status, System.nanoTime() - start);
  }

  private record Reply(int status, String contentType, byte[] body) {
    static Reply json(int status, Object value) {
      return new Reply(status, "application/json", Json.bytes(value));
    }
  }

  private Reply route(HttpExchange ex, String method, String[] route) {
    String path = ex.getRequestURI().getRawPath();
    String[] parts = path.length() <= 1 ? new String[0] : path.substring(1).split("/", -1);
    if (parts.length == 0) {
      route[0] = "/";
      allow(method, "GET");
      return Reply.json(200, index());
    }
    switch (parts[0]) {
      case "products" -> {
        if (parts.length == 2) {
          route[0] = "/products/{id}";
          allow(method, "GET");
          long id = id(parts[1], "product");
          Product p = service.products().find(id);
          if (p == null) {
            throw ApiException.notFound("product " + id + " not found");
          }
          return Reply.json(200, p);
        }
        if (parts.length == 3 && parts[2].equals("price")) {
          route[0] = "/products/{id}/price";
          allow(method, "GET");
          long id = id(parts[1], "product");
          if (service.products().find(id) == null) {
            throw ApiException.notFound("product " + id + " not found");
          }
          return Reply.json(200, service.prices().price(id));
        }
      }
      case "orders" -> {
        if (parts.length == 1) {
          route[0] = "/orders";
          allow(method, "POST");
          OrderService.NewOrder order = parse(body(ex), OrderService.NewOrder.class);
          Order created = service.orders().create(order);
          ex.getResponseHeaders().set("Location", "/orders/" + created.id());
          return Reply.json(201, created);
        }
        if (parts.length == 2) {
          route[0] = "/orders/{id}";
          allow(method, "GET");
          return Reply.json(200, service.orders().get(id(parts[1], "order")));
        }
      }
      case "metrics" -> {
        if (parts.length == 1) {
          route[0] = "/metrics";
          allow(method, "GET");
          return new Reply(
              200,
              "text/plain; version=0.0.4; charset=utf-8",
              service.telemetry().scrape().getBytes(StandardCharsets.UTF_8));
        }
      }
      case "stats" -> {
        if (parts.length == 1) {
          route[0] = "/stats";
          allow(method, "GET");
          return Reply.json(200, service.stats());
        }
      }
      case "admin" -> {
        if (parts.length == 2 && parts[1].equals("pricing")) {
          route[0] = "/admin/pricing";
          allow(method, "POST");
          return Reply.json(200, pricingAdmin(query(ex.getRequestURI().getRawQuery())));
        }
      }
      default -> {}
    }
    return new Reply(404, "application/json", JSON_404);
  }

  /** {@code POST /admin/pricing?state=down|up&latency=5ms}: fault injection for the demo. */
  private Map<String, Object> pricingAdmin(Map<String, String> query) {
    PricingServer pricing = service.pricingServer();
    String latency = query.get("latency");
    if (latency != null) {
      try {
        pricing.latency(Args.duration(latency, "latency"));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest(e.getMessage());
      }
    }
    String state = query.get("state");
    if (state != null) {
      switch (state) {
        case "down" -> pricing.stop();
        case "up" -> {
          try {
            pricing.start();
          } catch (IOException e) {
            throw new ApiException(500, "internal_error", "pricing did not start: " + e);
          }
        }
        default -> throw ApiException.badRequest("state must be up or down");
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("pricing", pricing.isUp() ? "up" : "down");
    out.put("url", pricing.baseUri());
    out.put("latencyMs", pricing.latency().toNanos() / 1e6);
    return out;
  }

  private static Map<String, Object> index() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("service", "overdrive-demo");
    out.put(
        "endpoints",
        List.of(
            "GET /products/{id}         @Cached (ttl 5m, jitter 0.2)",
            "GET /orders/{id}           @Batched product loads: N lookups, one IN query",
            "GET /products/{id}/price   @Cached(refreshAfter = 30s) over the pricing service",
            "POST /orders               @Parallel pricing calls, @Async journal append",
            "GET /metrics               Prometheus text, Overdrive's meters included",
            "GET /stats                 database queries and pricing calls so far",
            "POST /admin/pricing?state=down|up&latency=5ms   fault injection"));
    return out;
  }

  private static void allow(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiException(
          405, "method_not_allowed", method + " is not allowed here; use " + allowed);
    }
  }

  private static long id(String text, String what) {
    try {
      long id = Long.parseLong(text);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw ApiException.badRequest(what + " id must be a positive number, not \"" + text + "\"");
  }

  private static byte[] body(HttpExchange ex) {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length > MAX_BODY) {
        throw new ApiException(413, "payload_too_large", "the body exceeds " + MAX_BODY + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the body: " + e.getMessage());
    }
  }

  private static <T> T parse(byte[] body, Class<T> type) {
    if (body.length == 0) {
      throw ApiException.badRequest("empty body: expected a JSON object");
    }
    try {
      return Json.read(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw ApiException.badRequest("unknown field \"" + e.getPropertyName() + "\"");
    } catch (MismatchedInputException e) {
      throw ApiException.badRequest(
          "wrong JSON shape at " + path(e) + ": " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed JSON at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the body: " + e.getMessage());
    }
  }

  private static String path(MismatchedInputException e) {
    StringBuilder sb = new StringBuilder("$");
    for (var ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static void sendError(HttpExchange ex, int status, String error, String message) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("message", message);
    if (status == 405) {
      ex.getResponseHeaders().set("Allow", message.substring(message.lastIndexOf(' ') + 1));
    }
    send(ex, status, "application/json", Json.bytes(body));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) {
    try {
      ex.getResponseHeaders().set("Content-Type", contentType);
      ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (IOException e) {
      // the client went away; nothing to answer
    }
  }

  /** Stops accepting, lets requests in flight finish (up to a second), stops the threads. */
  @Override
  public void close() {
    server.stop(1);
    pool.shutdown();
    try {
      pool.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
