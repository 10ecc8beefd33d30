package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.annotations.Parallel;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParallelPlannerTest {

  static class Work {
    @Parallel(chunkSize = 2)
    List<String> upper(List<String> items) {
      return items;
    }

    @Parallel(maxConcurrency = 64)
    int count(List<String> items) {
      return items.size();
    }

    @Parallel
    String nothingToSplit(String item) {
      return item;
    }
  }

  private final ParallelPlanner planner = new ParallelPlanner(PlannerFixture.properties());

  @Test
  void plansTheMergeAndTheSettings() {
    Plan plan = PlannerFixture.plan(planner, Work.class, "upper");
    assertTrue(
        plan.description()
            .startsWith(
                "@Parallel chunkSize=2 maxConcurrency=processors" + " executor=default merge="),
        plan.description());
    assertEquals(List.of(), plan.warnings());
  }

  @Test
  void aConcurrencyTheExecutorCannotGiveIsToldNotHidden() {
    int threads = Runtime.getRuntime().availableProcessors(); // the default executor's
    Plan plan = PlannerFixture.plan(planner, Work.class, "count");
    assertEquals(1, plan.warnings().size());
    assertTrue(
        plan.warnings()
            .get(0)
            .startsWith(
                "@Parallel maxConcurrency=64 but executor"
                    + " \"default\" has "
                    + threads
                    + " thread"),
        plan.warnings().get(0));
    assertTrue(plan.warnings().get(0).contains("at most " + (threads + 1) + " chunks"));
    assertNull(ParallelPlanner.concurrencyLimit(threads + 1, "default"));
  }

  @Test
  void withoutACollectionThereIsNothingToSplit() {
    assertThrows(
        BadAnnotation.class, () -> PlannerFixture.plan(planner, Work.class, "nothingToSplit"));
  }
}
