package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The defects of issue 12, each observed from outside under the real agent: a lost
 * {@code @Cached @Async} call, null keys, ttl + jitter overflow, waits that could not be
 * interrupted or deadlocked, silent refresh failures, a late {@code @Parallel} failure. Run with
 * Micrometer and {@code -Doverdrive.executor.rel.threads=4}. Every wait is bounded; the threads it
 * starts are daemons, so a check that hangs on a defect fails instead of holding the JVM.
 */
public final class ReliabilityScenario {

  private static final ExecutorService POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "scenario");
            t.setDaemon(true);
            return t;
          });

  private ReliabilityScenario() {}

  public static void main(String[] args) throws Exception {
    Metrics.globalRegistry.add(new SimpleMeterRegistry());
    Fragile f = new Fragile();

    // ---- 1 ---------------------------------------------------------------------------------
    check(
        "@Cached @Async future completes, the body runs once, the cache holds the future",
        () -> {
          CompletableFuture<String> first = f.fetch("a");
          equal("v-a", first.get(5, TimeUnit.SECONDS), "value");
          that(f.fetch("a") == first, "a later call gets the cached future itself");
          equal(1, Fragile.FETCH.get(), "body runs");
        });
    check(
        "@Cached @Async concurrent callers share one future",
        () -> {
          List<Object> futures = concurrently(8, () -> f.fetch("b"));
          for (Object fut : futures) {
            that(fut == futures.get(0), "one future for every caller");
          }
          equal("v-b", ((CompletableFuture<?>) futures.get(0)).get(5, TimeUnit.SECONDS), "value");
          equal(2, Fragile.FETCH.get(), "body runs (one for a, one for b)");
        });
    check(
        "@Cached @Async failed future removed, the next call runs the body",
        () -> {
          try {
            f.fetchOrFail("c").get(5, TimeUnit.SECONDS);
            throw new AssertionError("no failure");
          } catch (ExecutionException e) {
            equal("first fetch fails", e.getCause().getMessage(), "failure");
          }
          equal("w-c", f.fetchOrFail("c").get(5, TimeUnit.SECONDS), "value");
          equal(2, Fragile.FETCH_OR_FAIL.get(), "body runs");
        });
    check(
        "@Cached @Parallel merges chunks and caches the whole result",
        () -> {
          equal(List.of("A", "B", "C"), f.upper(List.of("a", "b", "c")), "value");
          equal(List.of("A", "B", "C"), f.upper(List.of("a", "b", "c")), "cached value");
          equal(3, Fragile.UPPER.get(), "one body run per chunk, none for the hit");
        });

    // ---- 2 ---------------------------------------------------------------------------------
    check(
        "@Cached null key is a key like any other",
        () -> {
          equal("nothing", f.describe(null), "value");
          equal("nothing", f.describe(null), "cached value");
          equal("some x", f.describe("x"), "another key");
          equal(2, Fragile.DESCRIBE.get(), "body runs");
        });
    check(
        "@CacheInvalidate of a null key removes that entry only",
        () -> {
          f.forget(null);
          equal("nothing", f.describe(null), "value");
          f.describe("x");
          equal(3, Fragile.DESCRIBE.get(), "body runs again for null only");
        });
    check(
        "@Cached key={0} with a null key",
        () -> {
          equal("tag null", f.tagged(null, 1), "value");
          equal("tag null", f.tagged(null, 2), "cached value");
          equal(1, Fragile.TAGGED.get(), "body runs");
        });
    check(
        "@Batched null key answered null without the bulk call; its batch unharmed",
        () -> {
          List<Object> values = concurrently(2, i -> f.lookup(i == 0 ? null : "y"));
          equal(Arrays.asList(null, "found y"), values, "values");
          for (List<String> keys : Fragile.LOOKUPS) {
            that(!keys.contains(null), "bulk call got a null key: " + keys);
          }
          equal(null, f.lookup(null), "a lone null");
          equal(null, f.lookupLater(null).get(5, TimeUnit.SECONDS), "a future of null");
        });

    // ---- 3 ---------------------------------------------------------------------------------
    check(
        "ttl 106751d with jitter 0.5 caches (no overflow to an expired entry)",
        () -> {
          for (int i = 0; i < 10; i++) {
            equal("f1", f.forever(1), "value");
          }
          equal(1, Fragile.FOREVER.get(), "body runs");
        });
    check(
        "ttl 1000000d with jitter is accepted and caches",
        () -> {
          for (int i = 0; i < 10; i++) {
            equal("h1", f.huge(1), "value");
          }
          equal(1, Fragile.HUGE.get(), "body runs");
        });

    // ---- 4 ---------------------------------------------------------------------------------
    check(
        "cross-thread single-flight cycle ping -> pong -> ping is broken",
        () -> {
          Fragile.bothInside = new CountDownLatch(2);
          Future<String> one = POOL.submit(() -> f.ping("k"));
          Future<String> two = POOL.submit(() -> f.pong("k"));
          String ping = one.get(5, TimeUnit.SECONDS);
          String pong = two.get(5, TimeUnit.SECONDS);
          that(Set.of("ping+pong+ping", "ping+pong").contains(ping), "ping: " + ping);
          that(Set.of("pong+ping+pong", "pong+ping").contains(pong), "pong: " + pong);
          equal(ping, POOL.submit(() -> f.ping("k")).get(5, TimeUnit.SECONDS), "a third caller");
        });
    check(
        "an interrupted single-flight waiter stops waiting, interrupt status kept",
        () -> {
          POOL.submit(() -> f.held("h")); // leads, held until RELEASE
          Thread.sleep(100);
          equal(
              "CancellationException interrupted=true",
              interrupted(() -> f.held("h")),
              "waiter's outcome");
        });
    check(
        "an interrupted blocked @Batched caller stops waiting, interrupt status kept",
        () -> {
          equal(
              "CancellationException interrupted=true",
              interrupted(() -> f.heldOne("b")),
              "caller's outcome");
        });
    Fragile.RELEASE.countDown();

    // ---- 5 ---------------------------------------------------------------------------------
    check(
        "failed refresh-ahead keeps the old value, is counted",
        () -> {
          equal("rate of eur", f.rate("eur"), "value");
          equal("rate of usd", f.rate("usd"), "value");
          Fragile.rateFailure = new IllegalStateException("rates down");
          int before = Fragile.RATE.get();
          for (int round = 0; round < 3; round++) {
            Thread.sleep(150);
            equal("rate of eur", f.rate("eur"), "old value served");
            equal("rate of usd", f.rate("usd"), "old value served");
            int reloads = before + 2 * (round + 1);
            waitFor(() -> Fragile.RATE.get() >= reloads, "refreshes ran");
          }
          Fragile.rateFailure = Fragile.ioFailure("eur"); // another kind of failure: logged again
          Thread.sleep(150);
          equal("rate of eur", f.rate("eur"), "old value served");
          waitFor(() -> Fragile.RATE.get() >= before + 7, "refresh ran");
          waitFor(() -> refreshFailures() >= 7, "overdrive.cache.refresh.failures");
          Fragile.rateFailure = null;
        });

    // ---- 6 ---------------------------------------------------------------------------------
    check(
        "@Parallel first failure reaches the caller before a slow chunk ends",
        () -> {
          long start = System.nanoTime();
          try {
            f.firstFailure(List.of("slow", "fail"));
            throw new AssertionError("no exception");
          } catch (IllegalStateException e) {
            equal("fails at once", e.getMessage(), "exception");
          }
          long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          that(tookMs < 1000, "the failure took " + tookMs + "ms to arrive (slow chunk: 1500ms)");
        });

    Checks.done();
    System.exit(0); // a check that failed on a hang leaves daemon threads behind; do not wait
  }

  private static double refreshFailures() {
    FunctionCounter c =
        Metrics.globalRegistry
            .find("overdrive.cache.refresh.failures")
            .tag("cache", "fragile.rates")
            .tag("method", Fragile.class.getName() + "#rate")
            .functionCounter();
    return c == null ? -1 : c.count();
  }

  private interface Condition {
    boolean holds();
  }

  private static void waitFor(Condition c, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!c.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 5s: " + what);
      }
      Thread.sleep(10);
    }
  }

  /**
   * What {@code call} does on a thread of its own that is interrupted 200 ms after it began (it
   * waits for something held): the exception's name and the interrupt status, within 2 s.
   */
  private static Object interrupted(Callable<Object> call) throws InterruptedException {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                outcome.set(call.call());
              } catch (CancellationException e) {
                outcome.set(
                    e.getClass().getSimpleName()
                        + " interrupted="
                        + Thread.currentThread().isInterrupted());
              } catch (Exception e) {
                outcome.set(e);
              }
            },
            "scenario-waiter");
    t.setDaemon(true);
    t.start();
    Thread.sleep(200);
    t.interrupt();
    t.join(2000);
    return outcome.get();
  }

  private interface Indexed {
    Object call(int i) throws Exception;
  }

  private static List<Object> concurrently(int n, Callable<Object> task) throws Exception {
    return concurrently(n, i -> task.call());
  }

  /** Runs {@code task} on {@code n} threads released together; each result within 10 s. */
  private static List<Object> concurrently(int n, Indexed task) throws Exception {
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
    List<Future<Object>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = i;
      futures.add(
          POOL.submit(
              () -> {
                start.await(5, TimeUnit.SECONDS);
                return task.call(index);
              }));
    }
    List<Object> results = new ArrayList<>();
    for (Future<Object> fut : futures) {
      results.add(fut.get(10, TimeUnit.SECONDS));
    }
    return results;
  }
}
