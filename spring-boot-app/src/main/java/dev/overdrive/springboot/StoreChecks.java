package dev.overdrive.springboot;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/**
 * Exercises the beans once the context is up and prints the integration tests' protocol: one stdout
 * line per check, {@code PASS name} or {@code FAIL name: detail}, then {@code DONE}. Each line
 * becomes a test on the JUnit side. (integration-tests has the same protocol in its {@code Checks};
 * this module cannot depend on that one, integration-tests depends on this.)
 */
@Component
public class StoreChecks implements CommandLineRunner {

  private final CatalogService catalog;
  private final InventoryService inventory;
  private final NotificationService notifications;
  private final io.micrometer.core.instrument.MeterRegistry registry;

  public StoreChecks(
      CatalogService catalog,
      InventoryService inventory,
      NotificationService notifications,
      io.micrometer.core.instrument.MeterRegistry registry) {
    this.catalog = catalog;
    this.inventory = inventory;
    this.notifications = notifications;
    this.registry = registry;
  }

  @Override
  public void run(String... args) {
    ClassLoader boot = CatalogService.class.getClassLoader();
    check(
        "premise, the beans' classes come from Spring Boot's LaunchedClassLoader",
        () -> {
          equal(
              "org.springframework.boot.loader.launch.LaunchedClassLoader",
              boot.getClass().getName(),
              "class loader of the beans");
          that(
              AopUtils.isCglibProxy(catalog),
              "the catalog bean is a CGLIB proxy: " + catalog.getClass().getName());
        });

    check(
        "@Cached through the bean's proxy, the second call is a hit",
        () -> {
          Product first = catalog.product(1);
          Product second = catalog.product(1);
          equal(1, catalog.loads(), "body runs");
          equal(first, second, "product");
        });
    check(
        "@Cached on self-invocation, only the misses run the body",
        () -> {
          List<Product> found = catalog.products(List.of(1L, 2L, 2L, 3L));
          equal(List.of(1L, 2L, 2L, 3L), found.stream().map(Product::id).toList(), "ids");
          equal(3, catalog.loads(), "body runs (1 was cached, 2 and 3 loaded once each)");
        });
    check(
        "premise, Spring's @Cacheable caches through the proxy, not on self-invocation",
        () -> {
          catalog.springProduct(8);
          catalog.springProduct(8);
          equal(1, catalog.springLoads(), "body runs through the proxy");
          catalog.springProducts(List.of(7L, 7L));
          equal(3, catalog.springLoads(), "body runs, self-invocation");
        });
    check(
        "@CacheInvalidate on the bean removes that key only",
        () -> {
          catalog.rename(1);
          equal(4, catalog.product(1).load(), "key 1 loaded again");
          equal(2, catalog.product(2).load(), "key 2 still cached");
          equal(4, catalog.loads(), "body runs");
        });

    check(
        "@Batched on self-invocation, a burst of four is one bulk call on the batch executor",
        () -> {
          Map<Long, Integer> levels = inventory.stockOf(List.of(1L, 2L, 3L, 4L));
          equal(Map.of(1L, 10, 2L, 20, 3L, 30, 4L, 40), levels, "levels");
          List<InventoryService.BulkCall> calls = inventory.bulkCalls();
          equal(1, calls.size(), "bulk calls " + calls);
          equal(
              new TreeSet<>(List.of(1L, 2L, 3L, 4L)),
              new TreeSet<>(calls.get(0).skus()),
              "skus of the bulk call");
          that(
              calls.get(0).thread().startsWith("overdrive-batch-"),
              "bulk call ran on " + calls.get(0).thread());
        });
    check(
        "@Batched, a lone blocking caller gets its value from the bulk method",
        () -> {
          equal(50, inventory.stockNow(5L), "level");
          List<InventoryService.BulkCall> calls = inventory.bulkCalls();
          equal(List.of(5L), calls.get(calls.size() - 1).skus(), "last bulk call");
        });

    check(
        "@Async on self-invocation, each send ran on an Overdrive thread, with the caller's"
            + " MDC and Boot's class loader",
        () -> {
          MDC.put("request", "r-42");
          try {
            that(notifications.broadcast(List.of("ann", "bob", "cy")), "all sent within 10s");
          } finally {
            MDC.remove("request");
          }
          equal(3, notifications.deliveries().size(), "deliveries");
          for (Map.Entry<String, NotificationService.Delivery> e :
              notifications.deliveries().entrySet()) {
            NotificationService.Delivery d = e.getValue();
            that(
                d.thread().startsWith("overdrive-default-"), e.getKey() + " sent on " + d.thread());
            equal("r-42", d.request(), "MDC request seen by the send to " + e.getKey());
            that(
                d.contextLoader() == boot,
                "context class loader of the send to " + e.getKey() + ": " + d.contextLoader());
          }
        });
    check(
        "@Async CompletableFuture completes with the body's result, on the executor"
            + " application.yml configures",
        () -> {
          String letter = notifications.render("dee").get(10, TimeUnit.SECONDS);
          that(letter.startsWith("Dear dee, from overdrive-letters-"), letter);
        });
    check(
        "Overdrive's meters are in Boot's MeterRegistry, as /actuator/metrics lists them",
        () -> {
          double hits =
              registry.find("overdrive.cache.gets").tag("result", "hit").functionCounters().stream()
                  .mapToDouble(io.micrometer.core.instrument.FunctionCounter::count)
                  .sum();
          that(hits >= 1, "overdrive.cache.gets hit count in Boot's registry: " + hits);
          that(
              !registry.find("overdrive.async.submitted").meters().isEmpty(),
              "overdrive.async.submitted in Boot's registry");
        });
    System.out.println("DONE");
    System.out.flush();
  }

  /** A check's body. */
  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  private static void check(String name, Body body) {
    try {
      body.run();
      System.out.println("PASS " + name);
    } catch (AssertionError | Exception e) {
      System.out.println("FAIL " + name + ": " + e);
    }
    System.out.flush();
  }

  private static void equal(Object expected, Object actual, String what) {
    if (!Objects.equals(expected, actual)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual);
    }
  }

  private static void that(boolean condition, String what) {
    if (!condition) {
      throw new AssertionError(what);
    }
  }
}
