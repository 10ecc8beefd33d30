package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * {@code @Async} and {@code @Parallel} under the agent: threads used, results and their order,
 * failures, carried context, caller-runs, nested parallelism on one thread, shutdown drain. The
 * executors are configured by the test that runs this (see AsyncIT).
 */
public final class AsyncScenario {

  private AsyncScenario() {}

  public static void main(String[] args) throws Exception {
    Metrics.globalRegistry.add(new SimpleMeterRegistry());
    Jobs jobs = new Jobs();
    String main = Thread.currentThread().getName();

    check(
        "@Async void returns at once and runs on a daemon executor thread",
        () -> {
          CountDownLatch go = new CountDownLatch(1);
          CountDownLatch done = new CountDownLatch(1);
          long start = System.nanoTime();
          jobs.fireAndForget(go, done); // a body run by the caller would wait 10s for go
          long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          that(done.getCount() == 1, "the call returned before its body ran");
          that(tookMs < 5000, "caller waited " + tookMs + "ms for a body that could not finish");
          go.countDown();
          that(done.await(5, TimeUnit.SECONDS), "body ran");
          that(Jobs.lastThread.startsWith("overdrive-default-"), "ran on " + Jobs.lastThread);
          that(Jobs.lastDaemon, "daemon thread");
        });
    check(
        "@Async CompletableFuture completes with the body's result, body runs once",
        () -> {
          equal("hi bob", jobs.greet("bob").get(5, TimeUnit.SECONDS), "result");
          equal(1, Jobs.GREET.get(), "body runs");
          that(Jobs.lastThread.startsWith("overdrive-default-"), "ran on " + Jobs.lastThread);
        });
    check(
        "@Async CompletionStage flattens a future the body returns",
        () -> {
          equal(
              "later x", jobs.stage("x").toCompletableFuture().get(5, TimeUnit.SECONDS), "result");
        });
    check(
        "@Async CompletionStage flattens a completedStage() the body returns",
        () -> {
          equal(
              "minimal x",
              jobs.minimalStage("x").toCompletableFuture().get(5, TimeUnit.SECONDS),
              "result");
        });
    check(
        "@Async Future on a named executor",
        () -> {
          equal(42, jobs.onIo(21).get(5, TimeUnit.SECONDS), "result");
          that(Jobs.lastThread.startsWith("overdrive-io-"), "ran on " + Jobs.lastThread);
        });
    check(
        "@Async future completes exceptionally with the body's exception",
        () -> {
          CompletableFuture<String> f = jobs.fails("nope");
          try {
            f.get(5, TimeUnit.SECONDS);
            throw new AssertionError("no exception");
          } catch (ExecutionException e) {
            that(e.getCause() == Jobs.lastThrown, "the very exception the body threw: " + e);
          }
        });
    check(
        "@Async void failure reaches the handlers and the failed counter",
        () -> {
          jobs.explode("lost?");
          long deadline = System.currentTimeMillis() + 5000;
          while (RecordingFailureHandler.SEEN.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
          }
          equal(1, RecordingFailureHandler.SEEN.size(), "handler calls");
          Object[] seen = RecordingFailureHandler.SEEN.get(0);
          equal(Jobs.class.getName() + "#explode", seen[0], "method");
          that(seen[1] == Jobs.lastThrown, "the very exception");
          FunctionCounter failed =
              Metrics.globalRegistry
                  .find("overdrive.async.failed")
                  .tags("executor", "default", "method", Jobs.class.getName() + "#explode")
                  .functionCounter();
          equal(1.0, failed.count(), "overdrive.async.failed");
          FunctionCounter submitted =
              Metrics.globalRegistry
                  .find("overdrive.async.submitted")
                  .tags("method", Jobs.class.getName() + "#greet")
                  .functionCounter();
          equal(1.0, submitted.count(), "overdrive.async.submitted");
        });
    check(
        "MDC, context class loader and ContextCarrier state travel with the task",
        () -> {
          ClassLoader mine = new URLClassLoader(new URL[0]);
          ClassLoader before = Thread.currentThread().getContextClassLoader();
          Thread.currentThread().setContextClassLoader(mine);
          MDC.put("request", "r-1");
          TenantCarrier.TENANT.set("acme");
          try {
            jobs.greet("ctx").get(5, TimeUnit.SECONDS);
          } finally {
            MDC.clear();
            TenantCarrier.TENANT.remove();
            Thread.currentThread().setContextClassLoader(before);
          }
          equal("r-1", Jobs.lastMdc, "MDC");
          equal("acme", Jobs.lastTenant, "tenant");
          that(Jobs.lastContextLoader == mine, "context class loader");
          jobs.greet("clean").get(5, TimeUnit.SECONDS);
          equal(null, Jobs.lastMdc, "the worker's MDC was put back after the task");
          equal(null, Jobs.lastTenant, "the worker's tenant was put back after the task");
        });
    check(
        "a full queue makes the caller run the task, counted",
        () -> {
          CountDownLatch started = new CountDownLatch(1);
          jobs.occupy(started);
          that(started.await(5, TimeUnit.SECONDS), "the only thread is busy");
          CompletableFuture<String> queued = jobs.whereAmI();
          CompletableFuture<String> overflow = jobs.whereAmI();
          equal(main, overflow.get(5, TimeUnit.SECONDS), "overflow ran in the caller");
          Jobs.RELEASE.countDown();
          that(queued.get(5, TimeUnit.SECONDS).startsWith("overdrive-tiny-"), "queued task ran");
          FunctionCounter runs =
              Metrics.globalRegistry
                  .find("overdrive.executor.caller.runs")
                  .tag("executor", "tiny")
                  .functionCounter();
          equal(1.0, runs.count(), "caller runs");
        });
    if (Runtime.version().feature() >= 21) {
      check(
          "virtual=true runs each task on a virtual thread (Java 21+)",
          () -> {
            String where = new VirtualJobs().where().get(5, TimeUnit.SECONDS);
            that(where.startsWith("true overdrive-virt-"), where);
          });
    }

    Chunks c = new Chunks();
    check(
        "@Parallel List results concatenated in input order, chunks on the executor",
        () -> {
          List<Integer> xs = new ArrayList<>();
          for (int i = 0; i < 10; i++) {
            xs.add(i);
          }
          TenantCarrier.TENANT.set("acme");
          List<Integer> out;
          try {
            out = c.doubled(xs);
          } finally {
            TenantCarrier.TENANT.remove();
          }
          equal(List.of(0, 2, 4, 6, 8, 10, 12, 14, 16, 18), out, "result");
          equal(4, Chunks.CALLS.get(), "one body call per chunk of 3");
          equal(List.of(1, 3, 3, 3), Chunks.CHUNK_SIZES.stream().sorted().toList(), "chunk sizes");
          that(
              Chunks.THREADS.stream().anyMatch(t -> t.startsWith("overdrive-io-")),
              "executor threads took chunks: " + Chunks.THREADS);
          equal(Set.of("acme"), Chunks.TENANTS, "context carried to every chunk");
          FunctionCounter chunks =
              Metrics.globalRegistry
                  .find("overdrive.parallel.chunks")
                  .tag("method", Chunks.class.getName() + "#doubled")
                  .functionCounter();
          equal(4.0, chunks.count(), "overdrive.parallel.chunks");
        });
    check(
        "@Parallel small collection runs inline, no hand-off",
        () -> {
          Chunks.THREADS.clear();
          equal(List.of(2, 4), c.doubled(List.of(1, 2)), "result");
          equal(Set.of(main), Chunks.THREADS, "ran on the caller");
        });
    check(
        "@Parallel Map, Set and numeric results merged",
        () -> {
          Map<String, Integer> m = c.lengths("w:", List.of("a", "bb", "ccc", "dddd", "e"));
          equal(Map.of("w:a", 1, "w:bb", 2, "w:ccc", 3, "w:dddd", 4, "w:e", 1), m, "map");
          equal(Set.of(0, 1, 2), c.remainders(List.of(1, 2, 3, 4, 5, 6, 7), 3), "set");
          List<Long> longs = new ArrayList<>();
          for (long i = 1; i <= 100; i++) {
            longs.add(i);
          }
          equal(5050L, c.sum(longs), "long sum");
          equal(
              new BigDecimal("6.60"),
              c.total(
                  List.of(new BigDecimal("1.10"), new BigDecimal("2.20"), new BigDecimal("3.30"))),
              "BigDecimal sum");
        });
    check(
        "@Parallel maxConcurrency bounds the chunks running at once",
        () -> {
          c.touch(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12));
          that(Chunks.MAX_RUNNING.get() <= 3, "at most 3 at once: " + Chunks.MAX_RUNNING.get());
          that(Chunks.MAX_RUNNING.get() >= 2, "in parallel: " + Chunks.MAX_RUNNING.get());
        });
    check(
        "@Parallel first failure reaches the caller, unstarted chunks are cancelled",
        () -> {
          List<Integer> xs = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            xs.add(i);
          }
          try {
            c.failFast(xs);
            throw new AssertionError("no exception");
          } catch (IllegalStateException e) {
            equal("item 0", e.getMessage(), "exception");
          }
          that(
              Chunks.STARTED.get() < 20,
              "chunks after the failure never started: " + Chunks.STARTED.get() + " of 20");
        });
    check(
        "@Parallel other failures attached as suppressed",
        () -> {
          Chunks.bothFail = new CyclicBarrier(2);
          try {
            c.failTogether(List.of(0, 1));
            throw new AssertionError("no exception");
          } catch (IllegalStateException e) {
            // The first failure is thrown at once; one that comes later is attached as it comes.
            for (int i = 0; i < 200 && e.getSuppressed().length == 0; i++) {
              Thread.sleep(10);
            }
            equal(1, e.getSuppressed().length, "suppressed");
            that(e.getSuppressed()[0].getMessage().startsWith("item "), "the other failure");
          }
        });
    check(
        "nested @Parallel on a one-thread executor does not deadlock",
        () -> {
          CompletableFuture<Integer> f =
              CompletableFuture.supplyAsync(() -> c.outer(List.of(1, 2, 3, 4)));
          equal(
              10 + 11 + 12 + 13 + 20 + 21 + 22 + 23 + 30 + 31 + 32 + 33 + 40 + 41 + 42 + 43,
              f.get(10, TimeUnit.SECONDS),
              "sum of all inner items");
        });
    check(
        "@Parallel I/O-bound items overlap",
        () -> {
          List<Integer> xs = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            xs.add(i);
          }
          c.sleepEach(xs); // warm the executor
          long start = System.nanoTime();
          c.sleepEach(xs);
          long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          that(tookMs < 400, "100 x 10ms, 20 at a time, took " + tookMs + "ms (sequential: 1000)");
        });

    // Left for the shutdown hook: three that can finish in time, one that cannot.
    for (int i = 1; i <= 3; i++) {
      jobs.slowWrite(i);
    }
    jobs.neverFinishes();
    jobs.neverFinishes();
    jobs.neverFinishes();
    Checks.done();
  }
}
