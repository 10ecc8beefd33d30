package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @Cached} methods of the shapes Mockito's inline mock maker reaches: instance, final and
 * static. Each counts how often its body runs. One cache per method, shared by every instance, so
 * each check uses keys of its own.
 */
public class Quotes {

  public static final AtomicInteger QUOTE = new AtomicInteger();
  public static final AtomicInteger LABEL = new AtomicInteger();
  public static final AtomicInteger CURRENCY = new AtomicInteger();

  private final Pricing pricing;

  public Quotes(Pricing pricing) {
    this.pricing = pricing;
  }

  @Cached
  public String quote(String sku) {
    QUOTE.incrementAndGet();
    return sku + "=" + pricing.price(sku);
  }

  @Cached
  public final String label(String sku) {
    LABEL.incrementAndGet();
    return "label-" + sku;
  }

  @Cached
  public static String currency(String country) {
    CURRENCY.incrementAndGet();
    return country.equals("de") ? "EUR" : "USD";
  }
}
