package dev.overdrive.demo.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Calls the pricing service through one shared JDK {@link HttpClient}, which keeps its HTTP/1.1
 * connections alive in a pool. Every call has a connect timeout and a response timeout: when
 * pricing is down or hangs, the caller gets a {@link PricingUnavailableException} (503) in bounded
 * time.
 */
public final class PricingClient implements AutoCloseable {

  private final HttpClient client;
  private final ExecutorService executor;
  private final Supplier<String> baseUri;
  private final Duration timeout;

  public PricingClient(Supplier<String> baseUri, Duration timeout) {
    this.baseUri = baseUri;
    this.timeout = timeout;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "pricing-client-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(executor)
            .build();
  }

  /** The current price of one product, from the pricing service. */
  public Price price(long productId) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(baseUri.get() + "/prices/" + productId))
            .timeout(timeout)
            .GET()
            .build();
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new PricingUnavailableException(
          "pricing service did not answer within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new PricingUnavailableException(
          "pricing service unreachable ("
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
              + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PricingUnavailableException("interrupted while calling pricing", e);
    }
    if (response.statusCode() != 200) {
      throw new PricingUnavailableException(
          "pricing service answered HTTP " + response.statusCode(), null);
    }
    try {
      return Json.read(response.body(), Price.class);
    } catch (IOException e) {
      throw new PricingUnavailableException("pricing service answered garbage: " + e, e);
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
