package dev.overdrive.demo.service;

import dev.overdrive.annotations.Cached;
import dev.overdrive.annotations.Parallel;
import java.util.ArrayList;
import java.util.List;

/** Prices, from the pricing service. */
public class PriceService {

  private final PricingClient pricing;

  public PriceService(PricingClient pricing) {
    this.pricing = pricing;
  }

  /**
   * {@code GET /products/{id}/price}: the price shown in the catalog. Under the agent it is cached
   * with refresh-ahead: once an entry is 30 seconds old, the next read still returns it at once and
   * a background thread fetches the new price, so hot products never wait for pricing. When pricing
   * is down the refresh fails, the entry keeps its value, and cached prices are still served (for
   * at most {@code ttl}).
   */
  @Cached(
      name = "prices",
      refreshAfter = "${demo.prices.refresh:30s}",
      ttl = "${demo.prices.ttl:10m}",
      maxSize = 100_000)
  public Price price(long productId) {
    return pricing.price(productId);
  }

  /**
   * {@code POST /orders}: a fresh quote for every line (never a cached one: this is what the
   * customer pays). Under the agent the list is split into chunks of one product, priced
   * concurrently (at most 16 at once per order) on the {@code pricing} executor, and the quotes
   * come back in the order of the products. Without the agent: one call after the other.
   */
  @Parallel(chunkSize = 1, maxConcurrency = 16, executor = "pricing")
  public List<Price> quote(List<Long> productIds) {
    List<Price> quotes = new ArrayList<>(productIds.size());
    for (Long id : productIds) {
      quotes.add(pricing.price(id));
    }
    return quotes;
  }
}
