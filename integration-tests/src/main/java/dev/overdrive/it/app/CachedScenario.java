package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Every {@code @Cached} and {@code @CacheInvalidate} guarantee, observed from outside: how often
 * bodies ran, which object was thrown, which thread reloaded, what the meters say. Run under {@code
 * -javaagent} with Micrometer on the class path and {@code -Dit.cache.name=fromProperty}.
 */
public final class CachedScenario {

  private CachedScenario() {}

  public static void main(String[] args) throws Exception {
    Metrics.globalRegistry.add(new SimpleMeterRegistry());
    Catalog c = new Catalog();

    check(
        "instance method body runs once per key",
        () -> {
          equal("product-a", c.find("a"), "first call");
          equal("product-a", c.find("a"), "second call");
          c.find("b");
          equal(2, Catalog.FIND.get(), "body runs");
        });
    check(
        "one cache per method shared by instances",
        () -> {
          new Catalog().find("a");
          new Catalog().find("b");
          equal(2, Catalog.FIND.get(), "body runs");
        });
    check(
        "static method",
        () -> {
          Catalog.staticFind("x");
          Catalog.staticFind("x");
          equal(1, Catalog.STATIC.get(), "body runs");
        });
    check(
        "private method through self-invocation",
        () -> {
          equal("private-x", c.viaPrivate("x"), "value");
          c.viaPrivate("x");
          equal(1, Catalog.PRIVATE.get(), "body runs");
        });
    check(
        "final method",
        () -> {
          c.finalFind("x");
          c.finalFind("x");
          equal(1, Catalog.FINAL.get(), "body runs");
        });
    check(
        "primitive key and return",
        () -> {
          equal(4_900_000_000L, c.square(70_000), "value");
          equal(4_900_000_000L, c.square(70_000), "cached value");
          equal(1, Catalog.SQUARE.get(), "body runs");
        });
    check(
        "several parameters form the key",
        () -> {
          c.join("a", 1, 2L);
          c.join("a", 1, 2L);
          c.join("a", 1, 3L);
          equal(2, Catalog.JOIN.get(), "body runs");
        });
    check(
        "key attribute selects parameters",
        () -> {
          c.byId(7, "trace-1");
          equal("id-7", c.byId(7, "trace-2"), "value for another trace id");
          equal(1, Catalog.BY_ID.get(), "body runs");
        });
    check(
        "array parameters compared by content and copied",
        () -> {
          int[] values = {1, 2, 3};
          equal(6, c.sum(values), "sum");
          equal(6, c.sum(new int[] {1, 2, 3}), "equal array");
          values[0] = 10; // the caller reuses its array: the stored key must not change with it
          equal(15, c.sum(values), "changed content");
          equal(6, c.sum(new int[] {1, 2, 3}), "original content");
          equal(2, Catalog.SUM.get(), "body runs");
          c.concat(new String[] {"a", "b"}, "-");
          equal("a-b", c.concat(new String[] {"a", "b"}, "-"), "object array");
          equal(1, Catalog.CONCAT.get(), "object array body runs");
          c.describe(new int[] {4, 5});
          c.describe(new int[] {4, 5});
          c.describe("plain");
          equal(2, Catalog.OBJECT_KEY.get(), "array passed as Object body runs");
        });
    check(
        "method without parameters",
        () -> {
          c.config();
          c.config();
          equal(1, Catalog.CONFIG.get(), "body runs");
        });
    check(
        "null results cached by default (cache penetration)",
        () -> {
          equal(null, c.absent("ghost"), "value");
          equal(null, c.absent("ghost"), "cached value");
          equal(1, Catalog.ABSENT.get(), "body runs");
        });
    check(
        "cacheNulls=false does not cache null",
        () -> {
          c.absentUncached("ghost");
          c.absentUncached("ghost");
          equal(2, Catalog.ABSENT_UNCACHED.get(), "body runs");
        });

    Failing f = new Failing();
    check(
        "exception rethrown unchanged and never cached",
        () -> {
          for (int i = 0; i < 2; i++) {
            try {
              f.explode("k");
              throw new AssertionError("no exception");
            } catch (IllegalStateException e) {
              that(e == Failing.lastThrown, "caller got the very object the body threw");
            }
          }
          equal(2, Failing.CALLS.get(), "body runs");
        });
    check(
        "checked exception rethrown unchanged",
        () -> {
          try {
            Failing.read("/nowhere");
            throw new AssertionError("no exception");
          } catch (IOException e) {
            that(e == Failing.lastChecked, "caller got the very object the body threw");
          }
        });

    Slow s = new Slow();
    check(
        "single-flight: concurrent misses on one key run the body once",
        () -> {
          List<Object> results = concurrently(16, () -> s.load("hot"));
          equal(1, Slow.LOADS.get(), "body runs");
          for (Object r : results) {
            that(r == results.get(0), "every caller shares the one result");
          }
        });
    check(
        "single-flight: waiters share the leader's exception, which is not cached",
        () -> {
          List<Object> results =
              concurrently(
                  8,
                  () -> {
                    try {
                      s.loadAndFail("hot");
                      return "no exception";
                    } catch (IllegalStateException e) {
                      return e;
                    }
                  });
          equal(1, Slow.FAILING_LOADS.get(), "body runs");
          for (Object r : results) {
            that(
                r instanceof IllegalStateException && r == results.get(0),
                "every caller got the same exception object: " + r);
          }
          try {
            s.loadAndFail("hot");
          } catch (IllegalStateException expected) {
            // the next call runs the body again
          }
          equal(2, Slow.FAILING_LOADS.get(), "body runs after the failure");
        });
    check(
        "a body asking for its own key does not wait on itself",
        () -> {
          equal("k!!", s.nested("k", 2), "value");
          equal("k!!", s.nested("k", 2), "cached value");
        });
    check(
        "ttl expires entries",
        () -> {
          s.shortLived("k");
          s.shortLived("k");
          equal(1, Slow.TTL.get(), "body runs before expiry");
          Thread.sleep(450);
          s.shortLived("k");
          equal(2, Slow.TTL.get(), "body runs after expiry");
        });
    check(
        "jitter spreads expiry of entries written together (cache avalanche)",
        () -> {
          for (int i = 0; i < 200; i++) {
            s.jittered(i);
            s.steady(i);
          }
          // ttl 1s: every steady entry has expired 1.5s after the last write; jittered entries live
          // 1s to 2s, so about half have (more if writing them took long on a busy machine).
          Thread.sleep(1500);
          for (int i = 0; i < 200; i++) {
            s.jittered(i);
            s.steady(i);
          }
          int steadyReloads = Slow.STEADY.get() - 200;
          int jitteredReloads = Slow.JITTERED.get() - 200;
          equal(200, steadyReloads, "entries without jitter expired together");
          that(
              jitteredReloads >= 20 && jitteredReloads <= 190,
              "about half the jittered entries expired, not all: " + jitteredReloads);
        });
    check(
        "maxSize bounds the cache",
        () -> {
          for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 200; i++) {
              s.bounded(i);
            }
            Thread.sleep(300); // Caffeine evicts in its maintenance cycle, shortly after writes
          }
          that(
              Slow.BOUNDED.get() >= 350,
              "most of 200 keys evicted from a cache of 10: "
                  + Slow.BOUNDED.get()
                  + " body runs for 400 calls");
        });
    check(
        "refreshAfter serves the current value and reloads in the background",
        () -> {
          equal("sku@1", s.price("sku"), "first load");
          Thread.sleep(400);
          long start = System.nanoTime();
          equal("sku@1", s.price("sku"), "stale read answers at once");
          long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          that(tookMs < 500, "reader did not wait for the 1s reload: " + tookMs + "ms");
          long deadline = System.currentTimeMillis() + 3000;
          String value = "sku@1";
          while (!value.equals("sku@2") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            value = s.price("sku");
          }
          equal("sku@2", value, "reloaded value");
          that(
              Slow.lastPriceThread.startsWith("overdrive-refresh-"),
              "reload ran on " + Slow.lastPriceThread);
        });
    check(
        "${property:default} in name and ttl",
        () -> {
          s.configured("k");
          s.configured("k");
          equal(1, Slow.PLACEHOLDER.get(), "cached");
          that(
              Metrics.globalRegistry
                      .find("overdrive.cache.size")
                      .tag("cache", "fromProperty")
                      .gauge()
                  != null,
              "cache named from the property");
          Thread.sleep(450); // ttl from the placeholder's default: 300ms
          s.configured("k");
          equal(2, Slow.PLACEHOLDER.get(), "expired by the default ttl");
        });

    check(
        "@CacheInvalidate removes one key",
        () -> {
          c.product(1);
          c.product(2);
          c.evict(1);
          c.product(1);
          c.product(2);
          equal(3, Catalog.PRODUCT.get(), "body runs");
        });
    check(
        "@CacheInvalidate key attribute selects parameters",
        () -> {
          c.rename(2, "new name");
          c.product(2);
          c.product(1);
          equal(4, Catalog.PRODUCT.get(), "body runs");
        });
    check(
        "@CacheInvalidate all",
        () -> {
          c.evictAll();
          c.product(1);
          c.product(2);
          equal(6, Catalog.PRODUCT.get(), "body runs");
        });
    check(
        "@CacheInvalidate does nothing when the method throws",
        () -> {
          try {
            c.evictButFail(1);
          } catch (IOException expected) {
            // the rename failed: the cached product is still right
          }
          c.product(1);
          equal(6, Catalog.PRODUCT.get(), "body runs");
        });
    check(
        "repeated @CacheInvalidate, one through a property",
        () -> {
          Thread.sleep(350); // let the entry expire, so the next call stores a fresh one
          s.configured("k");
          int loads = Slow.PLACEHOLDER.get();
          c.evictTwo(1);
          c.product(1);
          c.product(2);
          s.configured("k");
          equal(7, Catalog.PRODUCT.get(), "products: only key 1 removed");
          equal(loads + 1, Slow.PLACEHOLDER.get(), "fromProperty cache emptied");
        });

    check(
        "metrics: gets by result, size, evictions in the global registry",
        () -> {
          Metered m = new Metered();
          m.lookup("a");
          for (int i = 0; i < 4; i++) {
            m.lookup("a");
          }
          String method = Metered.class.getName() + "#lookup";
          FunctionCounter hits =
              Metrics.globalRegistry
                  .find("overdrive.cache.gets")
                  .tags("cache", "metered", "result", "hit", "method", method)
                  .functionCounter();
          FunctionCounter misses =
              Metrics.globalRegistry
                  .find("overdrive.cache.gets")
                  .tags("cache", "metered", "result", "miss")
                  .functionCounter();
          that(hits != null && misses != null, "gets counters registered");
          equal(4.0, hits.count(), "hits");
          equal(1.0, misses.count(), "misses");
          Gauge size =
              Metrics.globalRegistry.find("overdrive.cache.size").tag("cache", "metered").gauge();
          equal(1.0, size.value(), "size");
          for (int i = 0; i < 50; i++) {
            m.lookup("k" + i);
          }
          FunctionCounter evictions =
              Metrics.globalRegistry
                  .find("overdrive.cache.evictions")
                  .tag("cache", "metered")
                  .functionCounter();
          long deadline = System.currentTimeMillis() + 2000;
          while (evictions.count() == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10); // Caffeine evicts in its maintenance cycle
          }
          that(evictions.count() > 0, "evictions counted: " + evictions.count());
        });

    check(
        "class in an isolated child class loader reaches the runtime",
        () -> {
          URL[] urls = {
            Path.of(System.getProperty("it.classes")).toUri().toURL(),
            Path.of(System.getProperty("it.annotations")).toUri().toURL(),
          };
          try (URLClassLoader child =
              new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> isolated = child.loadClass(Isolated.class.getName());
            that(isolated != Isolated.class, "loaded apart from the application's copy");
            for (int i = 0; i < 3; i++) {
              equal(
                  "isolated-x",
                  isolated.getMethod("compute", String.class).invoke(null, "x"),
                  "value");
            }
            equal(1, isolated.getField("calls").getInt(null), "body runs");
          }
        });

    check(
        "a hit on a one-argument method allocates nothing",
        () -> {
          com.sun.management.ThreadMXBean threads =
              (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
          String key = "a";
          long sink = 0;
          for (int i = 0; i < 300_000; i++) { // warm up: let the JIT compile the hit path
            sink += c.find(key).length();
            sink += c.join("a", 1, 2L).length();
          }
          int hits = 200_000;
          long before = threads.getCurrentThreadAllocatedBytes();
          for (int i = 0; i < hits; i++) {
            sink += c.find(key).length();
          }
          long oneArg = threads.getCurrentThreadAllocatedBytes() - before;
          before = threads.getCurrentThreadAllocatedBytes();
          for (int i = 0; i < hits; i++) {
            sink += c.join("a", 1, 2L).length();
          }
          long threeArgs = threads.getCurrentThreadAllocatedBytes() - before;
          that(sink > 0, "results used");
          that(threeArgs > 16L * hits, "the measurement sees a per-call key: " + threeArgs);
          that(oneArg < hits, "under one byte per hit: " + oneArg + " bytes for " + hits + " hits");
        });

    Checks.done();
  }

  /** Runs {@code task} on {@code n} threads released together; returns their results. */
  private static List<Object> concurrently(int n, Callable<Object> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CyclicBarrier start = new CyclicBarrier(n);
      List<Future<Object>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      List<Object> results = new ArrayList<>();
      for (Future<Object> fut : futures) {
        results.add(fut.get(10, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
