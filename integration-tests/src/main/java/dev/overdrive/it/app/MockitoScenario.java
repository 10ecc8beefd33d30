package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.mockito.MockedStatic;

/**
 * Mockito's inline mock maker (Mockito 5's default) in the same JVM as the agent, the way a test
 * suite runs it: it attaches its own ByteBuddy agent at run time and retransforms each class it
 * mocks, including {@link Quotes} and {@link Storefront}, which Overdrive rewrote when they loaded.
 * Mocks must answer with their stubs (never from the cache, never running the body), and real
 * instances must keep their behaviour, caches with the entries they had before the
 * retransformation.
 */
public final class MockitoScenario {

  private MockitoScenario() {}

  public static void main(String[] args) {
    Pricing pricing = mock(Pricing.class); // a class without annotations, mocked as usual
    when(pricing.price("a")).thenReturn(42);
    when(pricing.price("b")).thenReturn(7);
    when(pricing.price("c")).thenReturn(8);
    when(pricing.price("d")).thenReturn(9);
    Quotes quotes = new Quotes(pricing);

    check(
        "@Cached in front of a mocked collaborator, two lookups call it once",
        () -> {
          equal("a=42", quotes.quote("a"), "first");
          equal("a=42", quotes.quote("a"), "second");
          verify(pricing, times(1)).price("a");
          equal("b=7", quotes.quote("b"), "key b, cached before Quotes is mocked");
          equal(2, Quotes.QUOTE.get(), "body runs");
        });

    // Retransforms Quotes, which Overdrive rewrote when it loaded: Overdrive's transformer runs
    // again on the original bytes, then Mockito's adds its dispatch around the result.
    Quotes mocked = mock(Quotes.class);
    check(
        "a mock of a class with @Cached methods answers with its stubs, not the cache",
        () -> {
          when(mocked.quote("b")).thenReturn("stubbed-b");
          equal("stubbed-b", mocked.quote("b"), "stubbed key that real instances have cached");
          equal(null, mocked.quote("zz"), "unstubbed key");
          equal(2, Quotes.QUOTE.get(), "body runs: none for the mock");
        });
    check(
        "a final @Cached method can be stubbed, real instances still cache it",
        () -> {
          when(mocked.label("g")).thenReturn("stubbed-g");
          equal("stubbed-g", mocked.label("g"), "mock");
          equal("label-g", quotes.label("g"), "real, first");
          equal("label-g", quotes.label("g"), "real, second");
          equal(1, Quotes.LABEL.get(), "body runs");
        });
    check(
        "after the retransformation real instances keep their entries and cache new keys",
        () -> {
          equal("b=7", quotes.quote("b"), "entry from before the mock");
          Quotes other = new Quotes(pricing);
          equal("c=8", other.quote("c"), "new key, first");
          equal("c=8", other.quote("c"), "new key, second");
          equal(3, Quotes.QUOTE.get(), "body runs");
          verify(pricing, times(1)).price("b");
          verify(pricing, times(1)).price("c");
        });
    check(
        "a spy runs the real cached method and Mockito still sees every call",
        () -> {
          Quotes spied = spy(new Quotes(pricing));
          equal("d=9", spied.quote("d"), "first");
          equal("d=9", spied.quote("d"), "second");
          verify(spied, times(2)).quote("d");
          equal(4, Quotes.QUOTE.get(), "body runs");
          verify(pricing, times(1)).price("d");
        });
    check(
        "a static @Cached method under mockStatic answers with its stub, then caches again",
        () -> {
          equal("USD", Quotes.currency("us"), "cached before the static mock");
          try (MockedStatic<Quotes> statics = mockStatic(Quotes.class)) {
            statics.when(() -> Quotes.currency("de")).thenReturn("XXX");
            equal("XXX", Quotes.currency("de"), "stubbed");
            equal(null, Quotes.currency("us"), "unstubbed, though cached for real");
          }
          equal("USD", Quotes.currency("us"), "cached entry, after the static mock");
          equal("EUR", Quotes.currency("de"), "first real call");
          equal("EUR", Quotes.currency("de"), "second real call");
          equal(2, Quotes.CURRENCY.get(), "body runs");
        });
    check(
        "a mock of a class with @Batched, @Async and @Parallel methods answers with its"
            + " stubs, real instances keep batching, handing off and splitting",
        () -> {
          Storefront store = new Storefront(); // loaded, so rewritten, before the mock
          Storefront stubbed = mock(Storefront.class);
          when(stubbed.stock(1L)).thenReturn(CompletableFuture.completedFuture(-1));
          when(stubbed.where()).thenReturn(CompletableFuture.completedFuture("stubbed"));
          when(stubbed.doubled(List.of(1, 2, 3, 4))).thenReturn(List.of(0));
          equal(-1, stubbed.stock(1L).get(10, TimeUnit.SECONDS), "mock, @Batched");
          equal("stubbed", stubbed.where().get(10, TimeUnit.SECONDS), "mock, @Async");
          equal(List.of(0), stubbed.doubled(List.of(1, 2, 3, 4)), "mock, @Parallel");
          equal(0, Storefront.STOCK_CALLS.size(), "bulk calls for the mock");
          equal(0, Storefront.CHUNKS.get(), "chunks run for the mock");

          equal(10, store.stock(1L).get(10, TimeUnit.SECONDS), "real, @Batched");
          equal(1, Storefront.STOCK_CALLS.size(), "bulk calls for the real instance");
          String where = store.where().get(10, TimeUnit.SECONDS);
          that(where.startsWith("overdrive-default-"), "real @Async body ran on " + where);
          equal(List.of(2, 4, 6, 8), store.doubled(List.of(1, 2, 3, 4)), "real, @Parallel");
          equal(2, Storefront.CHUNKS.get(), "chunks run for the real instance");
        });
    Checks.done();
  }
}
