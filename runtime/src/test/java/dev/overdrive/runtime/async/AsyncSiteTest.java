package dev.overdrive.runtime.async;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.MethodRef;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@code @Async} call without the agent: each method below starts as its advice does (ask the
 * site; {@code null} means "you are the task, run the body"), so the task's re-invocation goes
 * through the real {@code Invoker} and {@link Bypass} mark. The failure counter is read from a
 * Micrometer registry, as a user would.
 */
class AsyncSiteTest {

  private static final String OWNER = AsyncSiteTest.class.getName();
  private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  /** The thread each body ran on. */
  static final ConcurrentLinkedQueue<String> BODY_RUNS = new ConcurrentLinkedQueue<>();

  static final RuntimeException BOOM = new IllegalStateException("boom");
  static volatile CountDownLatch voidRan = new CountDownLatch(1);

  static int greetId;
  static int stageId;
  static int futureId;
  static int failId;
  static int fireId;
  static int otherId;

  @BeforeAll
  static void register() {
    Metrics.addRegistry(REGISTRY); // before any site is wired: its meters go here
    greetId = site("greet", "(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;", true);
    stageId = site("stage", "(I)Ljava/util/concurrent/CompletionStage;", true);
    futureId = site("plain", "(Z)Ljava/util/concurrent/Future;", true);
    failId = site("fail", "()Ljava/util/concurrent/CompletableFuture;", true);
    fireId = site("fire", "(Z)V", false);
    otherId = site("other", "()V", false);
  }

  @AfterAll
  static void unregister() {
    Metrics.removeRegistry(REGISTRY);
  }

  private static int site(String name, String descriptor, boolean returnsFuture) {
    AsyncSpec spec =
        new AsyncSpec(
            new MethodRef(OWNER, name, descriptor, true, descriptor.startsWith("()") ? 0 : 1),
            returnsFuture,
            "default",
            -1);
    int id = AsyncSite.register(spec, AsyncSiteTest.class.getClassLoader(), new ArrayList<>());
    assertEquals(id, AsyncSite.find(spec.method(), AsyncSiteTest.class.getClassLoader()));
    return id;
  }

  /** What the advice does on entry: the site's answer, or {@code null} to run the body here. */
  private static Object enter(int id, Object... args) {
    return AsyncSite.SITES.get(id).submit(AsyncSiteTest.class, null, args);
  }

  @SuppressWarnings("unchecked")
  static CompletableFuture<String> greet(String name) {
    Object submitted = enter(greetId, name);
    if (submitted != null) {
      return (CompletableFuture<String>) submitted;
    }
    BODY_RUNS.add(Thread.currentThread().getName());
    return CompletableFuture.completedFuture("hello " + name);
  }

  /** Returns a stage that is not done yet: {@code n} on success, else the failure of a stage. */
  @SuppressWarnings("unchecked")
  static CompletionStage<Integer> stage(int n) {
    Object submitted = enter(stageId, n);
    if (submitted != null) {
      return (CompletionStage<Integer>) submitted;
    }
    BODY_RUNS.add(Thread.currentThread().getName());
    return CompletableFuture.supplyAsync(
        () -> {
          sleep(50);
          if (n < 0) {
            throw BOOM;
          }
          return n;
        });
  }

  /** Returns a plain {@code Future}, neither a stage nor done. */
  @SuppressWarnings("unchecked")
  static Future<String> plain(boolean fails) {
    Object submitted = enter(futureId, fails);
    if (submitted != null) {
      return (Future<String>) submitted;
    }
    FutureTask<String> task =
        new FutureTask<>(
            () -> {
              if (fails) {
                throw BOOM;
              }
              return "plain";
            });
    new Thread(
            () -> {
              sleep(50);
              task.run();
            })
        .start();
    return task;
  }

  @SuppressWarnings("unchecked")
  static CompletableFuture<String> fail() {
    Object submitted = enter(failId);
    if (submitted != null) {
      return (CompletableFuture<String>) submitted;
    }
    throw BOOM;
  }

  static void fire(boolean fails) {
    if (enter(fireId, fails) != null) {
      return;
    }
    BODY_RUNS.add(Thread.currentThread().getName());
    voidRan.countDown();
    if (fails) {
      throw BOOM;
    }
  }

  /** The body of {@code other}, a method whose calls are submitted but not watched. */
  static void other() {}

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static double failed(String method) {
    FunctionCounter c =
        REGISTRY
            .find("overdrive.async.failed")
            .tag("method", OWNER + "#" + method)
            .functionCounter();
    return c == null ? -1 : c.count();
  }

  /**
   * What {@code f} failed with, as stored: {@code get} would unwrap a {@code CompletionException}
   * and hide whether the site did.
   */
  private static Throwable failure(Future<?> f) throws Exception {
    assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    return ((CompletableFuture<?>) f).handle((v, t) -> t).get(10, TimeUnit.SECONDS);
  }

  @BeforeEach
  void reset() {
    BODY_RUNS.clear();
    Bypass.clear();
  }

  @Test
  void theBodyRunsOnceOnTheExecutorAndItsFutureIsTheCallers() throws Exception {
    CompletableFuture<String> f = greet("ada");
    assertEquals("hello ada", f.get(10, TimeUnit.SECONDS));
    assertEquals(1, BODY_RUNS.size(), "the task's own call ran the body, not another task");
    assertTrue(BODY_RUNS.peek().startsWith("overdrive-default-"), BODY_RUNS.peek());
  }

  @Test
  void theTasksOwnReInvocationIsAnsweredNullOnce() {
    AsyncSite site = AsyncSite.SITES.get(otherId);
    Bypass.set(Bypass.ASYNC, otherId);
    assertNull(site.submit(AsyncSiteTest.class, null, new Object[0]), "run the body");
    assertFalse(Bypass.isSet(Bypass.ASYNC, otherId), "the mark is consumed");
  }

  @Test
  void aMarkForAnotherSiteOrKindDoesNotStopTheSubmission() {
    AsyncSite site = AsyncSite.SITES.get(otherId);
    Bypass.set(Bypass.PARALLEL, otherId);
    assertSame(AsyncSite.SUBMITTED, site.submit(AsyncSiteTest.class, null, new Object[0]));
    Bypass.set(Bypass.ASYNC, fireId);
    assertSame(AsyncSite.SUBMITTED, site.submit(AsyncSiteTest.class, null, new Object[0]));
    assertTrue(Bypass.isSet(Bypass.ASYNC, fireId), "another site's mark is left alone");
  }

  @Test
  void aStageOfTheBodyIsFlattenedIntoTheCallersFuture() throws Exception {
    CompletionStage<Integer> ok = stage(7);
    assertEquals(7, ok.toCompletableFuture().get(10, TimeUnit.SECONDS));
    Throwable t = failure(stage(-1).toCompletableFuture());
    assertSame(BOOM, t, "the stage's own exception, unwrapped from its CompletionException");
  }

  @Test
  void aPlainFutureOfTheBodyIsFlattenedToo() throws Exception {
    Future<String> ok = plain(false);
    assertInstanceOf(CompletableFuture.class, ok);
    assertEquals("plain", ok.get(10, TimeUnit.SECONDS));
    assertSame(BOOM, failure(plain(true)));
  }

  @Test
  void aThrowingBodyFailsTheFutureWithItsExceptionAndIsCounted() throws Exception {
    double before = Math.max(0, failed("fail")); // registered on the first call
    assertSame(BOOM, failure(fail()));
    assertEquals(before + 1, failed("fail"));
  }

  @Test
  void aVoidMethodReturnsAtOnceAndItsFailureIsCounted() throws Exception {
    voidRan = new CountDownLatch(1);
    fire(false);
    assertTrue(voidRan.await(10, TimeUnit.SECONDS));
    assertNotNull(
        REGISTRY
            .find("overdrive.async.submitted")
            .tag("method", OWNER + "#fire")
            .functionCounter());
    double before = failed("fire");
    assertTrue(before >= 0, "the failure counter is registered on the first call");
    voidRan = new CountDownLatch(1);
    fire(true);
    assertTrue(voidRan.await(10, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (failed("fire") == before && System.nanoTime() - deadline < 0) {
      Thread.sleep(5);
    }
    assertEquals(before + 1, failed("fire"));
    assertEquals(2, BODY_RUNS.size());
    assertTrue(new ArrayList<>(BODY_RUNS).stream().allMatch(t -> t.startsWith("overdrive-")));
  }

  @Test
  void theFailedCounterCountsOnlyFailures() throws Exception {
    double before = failed("greet");
    greet("x").get(10, TimeUnit.SECONDS);
    assertEquals(Math.max(before, 0), failed("greet"));
  }

  @Test
  void registeringTheSameMethodAgainFindsItsSite() {
    AsyncSpec spec =
        new AsyncSpec(
            new MethodRef(
                OWNER,
                "greet",
                "(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;",
                true,
                1),
            true,
            "default",
            -1);
    List<Runnable> undo = new ArrayList<>();
    assertEquals(greetId, AsyncSite.register(spec, AsyncSiteTest.class.getClassLoader(), undo));
    assertEquals(List.of(), undo, "nothing new to take back");
  }
}
