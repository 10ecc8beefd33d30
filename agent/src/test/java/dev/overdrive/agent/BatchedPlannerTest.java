package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.annotations.Batched;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class BatchedPlannerTest {

  static class Repository {
    @Batched(via = "all")
    String one(Long id) {
      return "";
    }

    @Batched(via = "all")
    CompletableFuture<String> oneLater(Long id) {
      return null;
    }

    @Batched(via = "all")
    String byName(String name) {
      return "";
    }

    @Batched(via = "counts")
    String wrongValues(Long id) {
      return "";
    }

    @Batched(via = "counts")
    int primitive(long id) {
      return 0;
    }

    @Batched(via = "raw")
    String rawBulk(Long id) {
      return "";
    }

    @Batched(via = "wide")
    String wideBulk(Long id) {
      return "";
    }

    Map<Long, String> all(List<Long> ids) {
      return null;
    }

    Map<Long, Integer> counts(Set<Long> ids) {
      return null;
    }

    @SuppressWarnings("rawtypes")
    Map raw(Collection ids) {
      return null;
    }

    List<? extends CharSequence> wide(List<? super Long> ids) {
      return null;
    }
  }

  private final BatchedPlanner planner = new BatchedPlanner(PlannerFixture.properties());

  @Test
  void matchingGenericTypesAreAccepted() {
    assertEquals("@Batched", PlannerFixture.plan(planner, Repository.class, "one").annotation());
    assertTrue(
        PlannerFixture.plan(planner, Repository.class, "oneLater")
            .description()
            .endsWith("(future)"));
    // a long key into Set<Long>, an int result from Integer values
    PlannerFixture.plan(planner, Repository.class, "primitive");
  }

  @Test
  void typesTheSignatureLeavesOpenAreNotChecked() {
    PlannerFixture.plan(planner, Repository.class, "rawBulk");
    PlannerFixture.plan(planner, Repository.class, "wideBulk");
  }

  @Test
  void aKeyTheBulkMethodCannotTakeIsBadInput() {
    BadAnnotation e =
        assertThrows(
            BadAnnotation.class, () -> PlannerFixture.plan(planner, Repository.class, "byName"));
    assertTrue(
        e.getMessage()
            .contains(
                "all takes java.util.List<java.lang.Long>, whose elements"
                    + " cannot be the key type java.lang.String"),
        e.getMessage());
  }

  @Test
  void valuesOfAnotherTypeAreBadInput() {
    BadAnnotation e =
        assertThrows(
            BadAnnotation.class,
            () -> PlannerFixture.plan(planner, Repository.class, "wrongValues"));
    assertTrue(e.getMessage().contains("whose values are not java.lang.String"), e.getMessage());
  }
}
