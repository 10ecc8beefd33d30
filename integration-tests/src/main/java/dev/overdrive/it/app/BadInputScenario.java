package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;

/**
 * Misused annotations and a failing transformation: each affected method runs as plain code and the
 * program carries on. The lines the agent printed are checked by the test that runs this.
 */
public final class BadInputScenario {

  private BadInputScenario() {}

  public static void main(String[] args) {
    Misused m = new Misused();
    check(
        "misused methods run as plain code",
        () -> {
          for (int i = 0; i < 2; i++) {
            m.nothingToCache();
            m.badTtl("k");
            m.badKey("k");
            m.badJitter("k");
            m.badMaxSize("k");
            m.badPlaceholder("k");
            m.badRefresh("k", "o");
            m.badInvalidateKey("k");
            m.invalidateUnknown();
            m.notAFuture();
            m.unknownExecutor();
            m.brokenExecutor();
            m.noCollection(1);
            m.badMerge(java.util.List.of("a", "b"));
            m.zeroChunk(java.util.List.of("a", "b"));
            m.viaMissing(1L);
            m.viaWrongParameter(1L);
            m.viaWrongResult(1L);
            m.twoKeys(1L, 2L);
            m.emptyBatches(1L);
            m.badDelay(1L);
          }
          equal(42, Misused.CALLS.get(), "body runs, on the caller's thread");
        });
    check(
        "a correct method beside misused ones is still cached",
        () -> {
          m.fine("k");
          m.fine("k");
          equal(1, Misused.FINE.get(), "body runs");
        });
    check(
        "a class whose transformation failed runs unchanged",
        () -> {
          java.lang.invoke.MethodHandle lookup = Unlucky.lookup();
          equal("k", Unlucky.call(lookup, "k"), "value");
          equal("k", Unlucky.call(lookup, "k"), "value");
          equal(2, Unlucky.CALLS.get(), "body runs");
        });
    check(
        "other classes are still transformed",
        () -> {
          Catalog.staticFind("k");
          Catalog.staticFind("k");
          equal(1, Catalog.STATIC.get(), "body runs");
        });
    Checks.done();
  }
}
