package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.overdrive.agent.advice.CacheInvalidateAdvice;
import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class CacheInvalidatePlannerTest {

  static class Users {
    @CacheInvalidate(cache = "users", key = 1)
    void rename(long id, String name) {}

    @CacheInvalidate(cache = "users")
    void drop(long id, String region) {}

    @CacheInvalidate(cache = "users", all = true)
    void clear() {}

    @CacheInvalidate(cache = "users", key = 0)
    @CacheInvalidate(cache = "names", all = true)
    void both(String name) {}

    @CacheInvalidate(cache = "")
    void unnamed(String name) {}

    @CacheInvalidate(cache = "users", key = 2)
    void outOfRange(String name) {}

    @CacheInvalidate(cache = "users")
    @CacheInvalidate(cache = "names", key = -1)
    void secondIsBad(String name) {}

    @CacheInvalidate(cache = "${users.cache:users}", key = 0)
    void configured(String name) {}
  }

  abstract static class Abstract {
    @CacheInvalidate(cache = "users")
    abstract void drop(String name);
  }

  private final CacheInvalidatePlanner single =
      new CacheInvalidatePlanner(Names.CACHE_INVALIDATE, PlannerFixture.properties());
  private final CacheInvalidatePlanner repeated =
      new CacheInvalidatePlanner(Names.CACHE_INVALIDATE_LIST, PlannerFixture.properties());

  @Test
  void oneInvalidationNamesItsCacheAndItsKey() {
    Plan plan = PlannerFixture.plan(single, Users.class, "rename");
    assertEquals("@CacheInvalidate", plan.annotation());
    assertEquals("@CacheInvalidate cache=users key=[1]", plan.description());
    assertEquals(List.of("users"), plan.caches());
    assertSame(CacheInvalidateAdvice.class, plan.advice());
    assertNull(plan.keyArgument());
    assertEquals(Settings.Feature.CACHED, single.feature(), "turned off with caching");
  }

  @Test
  void withoutAKeyEveryParameterIsTheKeyAndAllEmptiesTheCache() {
    assertEquals(
        "@CacheInvalidate cache=users key=[0, 1]",
        PlannerFixture.plan(single, Users.class, "drop").description());
    assertEquals(
        "@CacheInvalidate cache=users all",
        PlannerFixture.plan(single, Users.class, "clear").description());
  }

  @Test
  void aRepeatedAnnotationIsPlannedThroughItsContainerInOrder() {
    Plan plan = PlannerFixture.plan(repeated, Users.class, "both");
    assertEquals(
        "@CacheInvalidate cache=users key=[0] @CacheInvalidate cache=names all",
        plan.description());
    assertEquals(List.of("users", "names"), plan.caches());
  }

  @Test
  void badInputNamesTheAttribute() {
    assertEquals(
        "@CacheInvalidate cache: is empty: name the @Cached cache to invalidate",
        assertThrows(BadAnnotation.class, () -> PlannerFixture.plan(single, Users.class, "unnamed"))
            .getMessage());
    assertEquals(
        "@CacheInvalidate key: index 2 is out of range: the method has 1 parameter",
        assertThrows(
                BadAnnotation.class, () -> PlannerFixture.plan(single, Users.class, "outOfRange"))
            .getMessage());
    assertEquals(
        "@CacheInvalidate key: index -1 is out of range: the method has 1 parameter",
        assertThrows(
                BadAnnotation.class,
                () -> PlannerFixture.plan(repeated, Users.class, "secondIsBad"))
            .getMessage(),
        "one bad element of a repeated annotation rejects the method");
    assertEquals(
        "@CacheInvalidate on a method without a body: annotate the implementation",
        assertThrows(BadAnnotation.class, () -> PlannerFixture.plan(single, Abstract.class, "drop"))
            .getMessage());
  }

  @Test
  void theCacheNameMayComeFromAProperty() {
    assertEquals(List.of("users"), PlannerFixture.plan(single, Users.class, "configured").caches());
    Properties p = new Properties();
    p.setProperty("users.cache", "people");
    Plan plan =
        PlannerFixture.plan(
            new CacheInvalidatePlanner(Names.CACHE_INVALIDATE, p), Users.class, "configured");
    assertEquals(List.of("people"), plan.caches());
  }

  @Test
  void aPlanRegistersItsSiteOnlyWhenAskedAndUndoTakesItBack() {
    Plan plan = PlannerFixture.plan(single, Users.class, "rename");
    List<Runnable> undo = new ArrayList<>();
    int id = plan.site().register(getClass().getClassLoader(), undo);
    assertEquals(
        Users.class.getName() + "#rename", CacheSites.invalidation(id).method().toString());
    assertEquals("(JLjava/lang/String;)V", CacheSites.invalidation(id).method().descriptor());
    undo.forEach(Runnable::run);
    assertNull(CacheSites.invalidation(id));
  }
}
