package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every pair of annotations on one method ({@link Pairs}), and annotations that do not fit their
 * method ({@link Mismatched}): what works is shown by behaviour here; what is rejected is shown
 * here to run as plain code, and its one line is checked by the test that runs this.
 */
public final class PairsScenario {

  private PairsScenario() {}

  public static void main(String[] args) {
    Pairs p = new Pairs();
    check(
        "@Cached + @CacheInvalidate: cached; a miss empties the other cache",
        () -> {
          p.byName("x");
          equal("x!", p.cachedInvalidating("x"), "value");
          p.byName("x");
          equal(2, Pairs.runs("byName"), "the other cache was emptied by the miss");
          equal("x!", p.cachedInvalidating("x"), "value");
          p.byName("x");
          equal(1, Pairs.runs("cachedInvalidating"), "body runs");
          equal(2, Pairs.runs("byName"), "a hit runs no body, so empties nothing");
        });
    check(
        "@Cached + @Batched: hits skip the batcher",
        () -> {
          equal("v7", p.cachedBatched(7L), "value");
          equal("v7", p.cachedBatched(7L), "value");
          equal(1, Pairs.runs("bulk"), "bulk calls");
          equal(0, Pairs.runs("cachedBatched"), "body runs (the batch answers)");
        });
    check(
        "@Cached + @Async: the cache holds the future",
        () -> {
          CompletableFuture<String> first = p.cachedAsync("k");
          equal("k@", first.get(5, TimeUnit.SECONDS), "value");
          CompletableFuture<String> second = p.cachedAsync("k");
          equal("k@", second.get(5, TimeUnit.SECONDS), "value");
          equal(1, Pairs.runs("cachedAsync"), "body runs");
          that(
              Pairs.THREADS.get("cachedAsync").startsWith("overdrive-"),
              "body ran on " + Pairs.THREADS.get("cachedAsync"));
        });
    check(
        "@Cached + @Parallel: a repeated list is a hit",
        () -> {
          List<String> items = List.of("a", "b", "c", "d");
          equal(List.of("A", "B", "C", "D"), p.cachedParallel(items), "value");
          int chunks = Pairs.runs("cachedParallel");
          that(chunks >= 2, "chunks run: " + chunks);
          equal(List.of("A", "B", "C", "D"), p.cachedParallel(items), "value");
          equal(chunks, Pairs.runs("cachedParallel"), "no chunk runs on a hit");
        });
    check(
        "@CacheInvalidate + @Batched: the value, then the entry removed",
        () -> {
          p.byId(3L);
          equal("v3", p.invalidatingBatched(3L), "value");
          p.byId(3L);
          equal(2, Pairs.runs("byId"), "the entry was removed");
        });
    check(
        "@CacheInvalidate + @Async: the entry is gone once the future completes",
        () -> {
          p.byName("y");
          equal("y", p.invalidatingAsync("y").get(5, TimeUnit.SECONDS), "value");
          int before = Pairs.runs("byName");
          p.byName("y");
          equal(before + 1, Pairs.runs("byName"), "the entry was removed");
        });
    check(
        "@CacheInvalidate + @Parallel: summed, then every entry removed",
        () -> {
          p.byName("z");
          equal(3, p.invalidatingParallel(List.of("a", "b", "c")), "sum");
          int before = Pairs.runs("byName");
          p.byName("z");
          equal(before + 1, Pairs.runs("byName"), "the entry was removed");
        });
    check(
        "@Batched + @Async and @Batched + @Parallel are rejected and run plain",
        () -> {
          equal("plain5", p.batchedAsync(5L).get(5, TimeUnit.SECONDS), "value");
          equal(List.of("q"), p.batchedParallel(List.of("q")), "value");
          equal(1, Pairs.runs("batchedAsync"), "body runs");
          equal(1, Pairs.runs("batchedParallel"), "body runs");
        });
    check(
        "@Async + @Parallel: returns at once, chunks run on the executor",
        () -> {
          Pairs.asyncParallelDone = new CountDownLatch(4);
          p.asyncParallel(List.of("a", "b", "c", "d"));
          that(Pairs.asyncParallelDone.await(5, TimeUnit.SECONDS), "every item processed");
          that(Pairs.runs("asyncParallel") >= 2, "chunks: " + Pairs.runs("asyncParallel"));
          that(
              Pairs.THREADS.get("asyncParallel").startsWith("overdrive-"),
              "ran on " + Pairs.THREADS.get("asyncParallel"));
        });

    Mismatched m = new Mismatched();
    check(
        "rejected mismatches run as plain code",
        () -> {
          for (int i = 0; i < 2; i++) {
            m.zeroSize("k");
            m.wrongElement("k");
            m.wrongMapKey(1L);
            m.wrongValue(1L);
            m.selfInvalidating("k");
            m.ghost("k");
            m.badOrder("k");
            m.durableConnection(null);
            m.durableLambda(() -> {});
            m.durableHandle(new Mismatched.Handle());
          }
          for (String method :
              List.of(
                  "zeroSize",
                  "wrongElement",
                  "wrongMapKey",
                  "wrongValue",
                  "selfInvalidating",
                  "ghost",
                  "badOrder",
                  "durableConnection",
                  "durableLambda",
                  "durableHandle")) {
            equal(2, Mismatched.runs(method), method + " body runs");
          }
        });
    check("a rejected method's cache does not exist", () -> m.removeGhost("k"));
    check(
        "a @Batched primitive without a value fails with a clear exception",
        () -> {
          equal(20, m.primitive(2L), "value for an even id");
          try {
            m.primitive(3L);
            throw new AssertionError("no exception");
          } catch (IllegalStateException e) {
            that(
                e.getMessage().contains("Mismatched#primitive returns a primitive"),
                e.getMessage());
          }
        });
    check(
        "invalidations whose key can never match remove nothing; a boxed one does",
        () -> {
          m.account(1L);
          m.removeAccountByName("1");
          m.removeAccountAndMore(1L, "x");
          m.account(1L);
          equal(1, Mismatched.runs("account"), "body runs");
          m.removeAccount(1L);
          m.account(1L);
          equal(2, Mismatched.runs("account"), "body runs after a matching invalidation");
          m.removeAccountByName("1"); // told once only
        });
    check(
        "two caches of one name keep their own entries",
        () -> {
          equal("ak", m.sharedA("k"), "value");
          equal("bk", m.sharedB("k"), "value");
        });
    Checks.done();
  }
}
