package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.agent.advice.AsyncAdvice;
import dev.overdrive.agent.advice.AsyncVoidAdvice;
import dev.overdrive.annotations.Async;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.async.AsyncSite;
import dev.overdrive.runtime.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class AsyncPlannerTest {

  static class Jobs {
    @Async
    void fire(String what) {}

    @Async
    CompletableFuture<String> later(String what) {
      return null;
    }

    @Async
    CompletionStage<String> stage() {
      return null;
    }

    @Async
    Future<String> plain() {
      return null;
    }

    @Async
    String now() {
      return "";
    }

    @Async(executor = "unit-nowhere")
    void unconfigured() {}

    @Async(executor = "${jobs.pool:default}")
    void placeholder() {}
  }

  abstract static class Abstract {
    @Async
    abstract void run();
  }

  private final AsyncPlanner planner = new AsyncPlanner(PlannerFixture.properties());

  @Test
  void aVoidMethodGetsTheVoidAdviceAndAFutureOneTheFutureAdvice() {
    Plan fire = PlannerFixture.plan(planner, Jobs.class, "fire");
    assertEquals("@Async", fire.annotation());
    assertEquals("@Async executor=default", fire.description());
    assertSame(AsyncVoidAdvice.class, fire.advice());
    assertNull(fire.keyArgument());
    assertEquals(List.of(), fire.caches());
    assertEquals(List.of(), fire.warnings());
    for (String method : List.of("later", "stage", "plain")) {
      assertSame(
          AsyncAdvice.class, PlannerFixture.plan(planner, Jobs.class, method).advice(), method);
    }
    assertEquals(Settings.Feature.ASYNC, planner.feature());
  }

  @Test
  void aPlanRegistersItsSiteOnlyWhenAskedAndUndoTakesItBack() {
    ClassLoader loader = getClass().getClassLoader();
    MethodRef later =
        new MethodRef(
            Jobs.class.getName(),
            "later",
            "(Ljava/lang/String;)Ljava/util/concurrent/CompletableFuture;",
            false,
            1);
    Plan plan = PlannerFixture.plan(planner, Jobs.class, "later");
    assertEquals(-1, AsyncSite.find(later, loader), "planning registers nothing");
    List<Runnable> undo = new ArrayList<>();
    int id = plan.site().register(loader, undo);
    assertEquals(id, AsyncSite.find(later, loader));
    assertEquals(1, undo.size());
    undo.forEach(Runnable::run);
    assertEquals(-1, AsyncSite.find(later, loader));
    assertNull(AsyncSite.SITES.get(id));
  }

  @Test
  void anyOtherReturnTypeIsRefusedNamingIt() {
    BadAnnotation e =
        assertThrows(BadAnnotation.class, () -> PlannerFixture.plan(planner, Jobs.class, "now"));
    assertEquals(
        "@Async needs a void method or one returning CompletableFuture,"
            + " CompletionStage or Future, not java.lang.String",
        e.getMessage());
  }

  @Test
  void anUnconfiguredExecutorIsRefusedNamingTheAttributeAndTheProperty() {
    BadAnnotation e =
        assertThrows(
            BadAnnotation.class, () -> PlannerFixture.plan(planner, Jobs.class, "unconfigured"));
    assertTrue(
        e.getMessage()
            .startsWith(
                "@Async executor: executor \"unit-nowhere\" is not"
                    + " configured: set -Doverdrive.executor.unit-nowhere.threads=N"),
        e.getMessage());
  }

  @Test
  void theExecutorNameMayComeFromAProperty() {
    assertEquals(
        "@Async executor=default",
        PlannerFixture.plan(planner, Jobs.class, "placeholder").description());
    Properties p = new Properties();
    p.setProperty("jobs.pool", "unit-nowhere");
    BadAnnotation e =
        assertThrows(
            BadAnnotation.class,
            () -> PlannerFixture.plan(new AsyncPlanner(p), Jobs.class, "placeholder"));
    assertTrue(e.getMessage().contains("\"unit-nowhere\" is not configured"), e.getMessage());
  }

  @Test
  void aMethodWithoutABodyIsRefused() {
    BadAnnotation e =
        assertThrows(
            BadAnnotation.class, () -> PlannerFixture.plan(planner, Abstract.class, "run"));
    assertEquals("@Async on a method without a body: annotate the implementation", e.getMessage());
  }
}
