package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.agent.advice.CachedAdvice;
import dev.overdrive.agent.advice.CachedArgumentsAdvice;
import dev.overdrive.annotations.Cached;
import dev.overdrive.runtime.cache.CacheSites;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedPlannerTest {

  static class Service {
    @Cached(name = "users", ttl = "10m")
    String byName(String name) {
      return name;
    }

    @Cached
    String byBytes(byte[] bytes) {
      return "";
    }

    @Cached(key = 1)
    String byTrace(long id, String trace) {
      return "";
    }

    @Cached(maxSize = 0)
    String nothingKept(String k) {
      return k;
    }

    @Cached(remote = true, ttl = "10m", localTtl = "30s")
    List<java.math.BigDecimal> shared(String k, java.util.UUID id) {
      return List.of();
    }

    @Cached(remote = true)
    String byUserType(Service s) {
      return "";
    }

    @Cached(remote = true, localTtl = "soon")
    String badLocalTtl(String k) {
      return k;
    }
  }

  @Test
  void remoteAndLocalTtlAreDescribed() {
    Plan plan = PlannerFixture.plan(planner, Service.class, "shared");
    assertTrue(plan.description().endsWith(" remote=true localTtl=PT30S"), plan.description());
    assertEquals(List.of(), plan.warnings());
    assertEquals(
        List.of("java.util", "java.math"),
        List.of(
            CachedPlanner.valuePackages(
                net.bytebuddy.description.type.TypeDescription.ForLoadedType.of(Service.class)
                    .getDeclaredMethods()
                    .filter(net.bytebuddy.matcher.ElementMatchers.named("shared"))
                    .getOnly()
                    .getReturnType())));
  }

  @Test
  void aKeyWithoutAStableEncodingRunsLocalOnlyWithOneWarning() {
    Plan plan = PlannerFixture.plan(planner, Service.class, "byUserType");
    assertTrue(!plan.description().contains("remote=true"), plan.description());
    assertEquals(1, plan.warnings().size());
    assertTrue(
        plan.warnings()
            .get(0)
            .startsWith(
                "@Cached(remote = true) runs local-only: a key"
                    + " parameter's type ("
                    + Service.class.getName()
                    + ")"),
        plan.warnings().get(0));
  }

  @Test
  void anUnparseableLocalTtlIsBadInput() {
    BadAnnotation e =
        assertThrows(
            BadAnnotation.class, () -> PlannerFixture.plan(planner, Service.class, "badLocalTtl"));
    assertTrue(e.getMessage().startsWith("@Cached localTtl:"), e.getMessage());
  }

  private final CachedPlanner planner = new CachedPlanner(PlannerFixture.properties());

  @Test
  void aPlanRegistersNothingUntilAsked() {
    Plan plan = PlannerFixture.plan(planner, Service.class, "byName");
    assertEquals("@Cached", plan.annotation());
    assertEquals(List.of("users"), plan.caches());
    assertTrue(plan.description().startsWith("@Cached name=users ttl=PT10M"), plan.description());
    assertEquals(List.of(), CacheSites.named("users"), "planning registers nothing");
    List<Runnable> undo = new ArrayList<>();
    int id = plan.site().register(getClass().getClassLoader(), undo);
    assertEquals(1, CacheSites.named("users").size());
    undo.forEach(Runnable::run);
    assertEquals(List.of(), CacheSites.named("users"), "taken back: not findable by name");
    assertNull(CacheSites.get(id), "taken back: not findable by id");
  }

  @Test
  void aSingleNonArrayKeyIsPassedAsItIs() {
    Plan plan = PlannerFixture.plan(planner, Service.class, "byName");
    assertEquals(CachedAdvice.class, plan.advice());
    assertEquals(0, plan.keyArgument().getIndex());
    Plan subset = PlannerFixture.plan(planner, Service.class, "byTrace");
    assertEquals(CachedAdvice.class, subset.advice());
    assertEquals(1, subset.keyArgument().getIndex());
  }

  @Test
  void anArrayKeyGoesThroughTheArgumentsAdvice() {
    Plan plan = PlannerFixture.plan(planner, Service.class, "byBytes");
    assertEquals(CachedArgumentsAdvice.class, plan.advice());
    assertNull(plan.keyArgument());
  }

  @Test
  void maxSizeZeroIsBadInput() {
    BadAnnotation e =
        assertThrows(
            BadAnnotation.class, () -> PlannerFixture.plan(planner, Service.class, "nothingKept"));
    assertTrue(e.getMessage().startsWith("@Cached maxSize: 0 would keep nothing"), e.getMessage());
  }
}
