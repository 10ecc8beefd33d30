package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Every annotation keeps its behaviour while another agent instruments the same JVM (see
 * CoexistenceIT). {@code args[0]} names that agent and adds the checks that it still works: {@code
 * otel} (the OpenTelemetry Java agent) or {@code jacoco} (the JaCoCo agent).
 */
public final class CoexistenceScenario {

  private CoexistenceScenario() {}

  public static void main(String[] args) throws Exception {
    String other = args[0];
    Storefront store = new Storefront();

    check(
        "@Cached hit skips the body, @CacheInvalidate makes the next call run it",
        () -> {
          String first = store.price("a");
          equal(first, store.price("a"), "second call");
          equal(1, Storefront.PRICE.get(), "body runs");
          store.reprice("a");
          equal("a@2", store.price("a"), "after invalidation");
        });
    check(
        "@Batched burst of futures is one bulk call on the batch executor",
        () -> {
          List<CompletableFuture<Integer>> futures = new ArrayList<>();
          for (long sku = 1; sku <= 4; sku++) {
            futures.add(store.stock(sku));
          }
          for (int i = 0; i < 4; i++) {
            equal(
                (i + 1) * 10, futures.get(i).get(10, TimeUnit.SECONDS), "level of sku " + (i + 1));
          }
          equal(1, Storefront.STOCK_CALLS.size(), "bulk calls " + Storefront.STOCK_CALLS);
          List<Object> call = Storefront.STOCK_CALLS.get(0);
          equal(5, call.size(), "four skus and the thread, in " + call);
          that(
              String.valueOf(call.get(4)).startsWith("overdrive-batch-"),
              "bulk call ran on " + call.get(4));
        });
    check(
        "@Async bodies run on an Overdrive executor thread",
        () -> {
          CountDownLatch done = new CountDownLatch(1);
          store.audit(done);
          that(done.await(10, TimeUnit.SECONDS), "void body ran");
          that(
              Storefront.auditThread.startsWith("overdrive-default-"),
              "void body ran on " + Storefront.auditThread);
          String where = store.where().get(10, TimeUnit.SECONDS);
          that(where.startsWith("overdrive-default-"), "future body ran on " + where);
        });
    check(
        "@Parallel runs one body per chunk and merges in input order",
        () -> {
          equal(List.of(2, 4, 6, 8, 10, 12), store.doubled(List.of(1, 2, 3, 4, 5, 6)), "result");
          equal(3, Storefront.CHUNKS.get(), "body runs, one per chunk of 2");
        });

    if (other.equals("otel")) {
      Traced traced = new Traced();
      check(
          "@WithSpan and @Cached on one method, the body runs once and in a span",
          () -> {
            equal("found-k", traced.lookup("k"), "first call");
            equal("found-k", traced.lookup("k"), "second call");
            equal(1, Traced.LOOKUPS.get(), "body runs");
            SpanContext span = Traced.lookupSpan;
            that(span.isValid() && span.isSampled(), "body ran in a recording span: " + span);
          });
      check(
          "OpenTelemetry context crosses Overdrive's @Async hand-off",
          () -> {
            String[] ids = traced.handOff();
            that(TraceId.isValid(ids[0]), "caller in a span: trace " + ids[0]);
            equal(ids[0], ids[1], "trace id seen by the @Async body");
            that(ids[2].startsWith("overdrive-default-"), "@Async body ran on " + ids[2]);
          });
    } else if (other.equals("jacoco")) {
      check(
          "JaCoCo instrumented the class Overdrive rewrote",
          () -> {
            // JaCoCo adds this static method (and a $jacocoData field) to every class it covers.
            that(hasMethod(Storefront.class, "$jacocoInit"), "no $jacocoInit in Storefront");
          });
    } else {
      throw new IllegalArgumentException("unknown agent: " + other);
    }
    Checks.done();
  }

  private static boolean hasMethod(Class<?> type, String name) {
    for (java.lang.reflect.Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return true;
      }
    }
    return false;
  }
}
