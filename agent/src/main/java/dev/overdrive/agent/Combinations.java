package dev.overdrive.agent;

import java.util.List;

/**
 * Annotations that are each valid on a method but make no sense together. Every other pair
 * composes, in planner order (the first planned is outermost): {@code @Cached} in front of
 * {@code @Batched}, {@code @Async} or {@code @Parallel}; {@code @CacheInvalidate} after whatever
 * the method does. These are rejected, with one line, because one annotation would silently do
 * nothing.
 */
final class Combinations {

  private Combinations() {}

  /** Why {@code plans}, all for one method, cannot be applied together; null if they can. */
  static String problem(List<Plan> plans) {
    Plan cached = find(plans, "@Cached");
    Plan invalidate = find(plans, "@CacheInvalidate");
    if (cached != null && invalidate != null) {
      String own = cached.caches().get(0);
      if (invalidate.caches().contains(own)) {
        return "@CacheInvalidate of its own cache \""
            + own
            + "\" on a @Cached method: each call"
            + " would remove the entry it stores";
      }
    }
    if (find(plans, "@Batched") != null) {
      for (String other : List.of("@Async", "@Parallel")) {
        if (find(plans, other) != null) {
          return other
              + " has no effect on a @Batched method, whose batch answers the call"
              + " first (a @Batched method returning CompletableFuture is asynchronous already)";
        }
      }
    }
    return null;
  }

  private static Plan find(List<Plan> plans, String annotation) {
    for (Plan p : plans) {
      if (p.annotation().equals(annotation)) {
        return p;
      }
    }
    return null;
  }
}
