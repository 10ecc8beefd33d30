package dev.overdrive.demo.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The "pricing" dependency: a second, real HTTP server on loopback that answers {@code GET
 * /prices/{productId}} after a fixed latency (5 ms by default), as a remote pricing service would.
 * It counts the calls it serves, can be taken down and brought back up (to show the 503s and the
 * cached prices that survive), and its latency can be changed at run time.
 */
public final class PricingServer implements AutoCloseable {

  private final ExecutorService workers;
  private final LongAdder served = new LongAdder();
  private volatile long latencyNanos;
  private volatile HttpServer server;
  private volatile int port;

  public PricingServer(Duration latency, int threads) {
    this.latencyNanos = latency.toNanos();
    AtomicInteger n = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "pricing-server-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** The list price of a product: the same for every call, so responses can be compared. */
  public static BigDecimal priceOf(long productId) {
    long cents = 199 + Math.floorMod(productId * 7919L, 49_801L);
    return BigDecimal.valueOf(cents, 2);
  }

  /** Starts listening (on an ephemeral port the first time, on the same port afterwards). */
  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    HttpServer s;
    try {
      s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
    } catch (IOException e) {
      if (port == 0) {
        throw e;
      }
      // The old port is taken meanwhile: take another; the client follows baseUri().
      s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    }
    s.createContext("/prices/", this::handle);
    s.setExecutor(workers);
    s.start();
    port = s.getAddress().getPort();
    server = s;
  }

  /** Goes down: the port is closed and open connections are dropped. */
  public synchronized void stop() {
    HttpServer s = server;
    server = null;
    if (s != null) {
      s.stop(0);
    }
  }

  public boolean isUp() {
    return server != null;
  }

  public String baseUri() {
    return "http://127.0.0.1:" + port;
  }

  public long served() {
    return served.sum();
  }

  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  public void latency(Duration latency) {
    this.latencyNanos = latency.toNanos();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      served.increment();
      long wait = latencyNanos;
      long until = System.nanoTime() + wait;
      while (wait > 0) { // sleep out the whole latency even if woken early
        LockSupport.parkNanos(wait);
        if (Thread.interrupted()) {
          return; // shutting down
        }
        wait = until - System.nanoTime();
      }
      String path = ex.getRequestURI().getPath();
      long id;
      try {
        id = Long.parseLong(path.substring("/prices/".length()));
      } catch (NumberFormatException e) {
        respond(ex, 400, "{\"error\":\"bad product id\"}");
        return;
      }
      respond(
          ex,
          200,
          "{\"productId\":"
              + id
              + ",\"price\":"
              + priceOf(id).toPlainString()
              + ",\"currency\":\"EUR\"}");
    }
  }

  private static void respond(HttpExchange ex, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    stop();
    workers.shutdownNow();
    try {
      workers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
