package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CombinationsTest {

  private static Plan plan(String annotation, String... caches) {
    return new Plan(annotation, "", (loader, undo) -> 0, Object.class, null, List.of(caches));
  }

  @Test
  void composingPairsPass() {
    assertNull(Combinations.problem(List.of(plan("@Cached", "a"), plan("@CacheInvalidate", "b"))));
    assertNull(Combinations.problem(List.of(plan("@Cached", "a"), plan("@Batched"))));
    assertNull(Combinations.problem(List.of(plan("@Cached", "a"), plan("@Async"))));
    assertNull(Combinations.problem(List.of(plan("@Async"), plan("@Parallel"))));
  }

  @Test
  void invalidatingItsOwnCacheIsRejected() {
    String problem =
        Combinations.problem(List.of(plan("@Cached", "a"), plan("@CacheInvalidate", "b", "a")));
    assertTrue(problem.contains("of its own cache \"a\""), problem);
  }

  @Test
  void aBatchedMethodTakesNoAsyncOrParallel() {
    assertTrue(
        Combinations.problem(List.of(plan("@Batched"), plan("@Async")))
            .startsWith("@Async has no effect on a @Batched method"));
    assertTrue(
        Combinations.problem(List.of(plan("@Batched"), plan("@Parallel")))
            .startsWith("@Parallel has no effect on a @Batched method"));
  }
}
