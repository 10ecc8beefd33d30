package dev.overdrive.benchmarks;

import dev.overdrive.annotations.Async;
import java.util.concurrent.CompletableFuture;

/**
 * The body under Overdrive's {@code @Async}, on the {@code default} executor, written as the README
 * shows: the method returns {@code completedFuture(result)} and the agent hands the call to the
 * executor, returning a future of that result at once. Without the agent the body runs in the
 * caller, which {@link AsyncTally#verify} refuses.
 */
public class AsyncOverdriveService {

  /** Overdrive names the default executor's threads {@code overdrive-default-N}. */
  static final String THREADS = "overdrive-default-";

  final AsyncTally tally = new AsyncTally(THREADS);

  @Async
  public CompletableFuture<Long> compute(long x) {
    return CompletableFuture.completedFuture(tally.body(x));
  }
}
