package dev.overdrive.benchmarks;

import dev.overdrive.annotations.Batched;
import java.util.List;

/**
 * The {@code @Batched} variant: a single-key lookup that the agent turns into bulk calls of
 * {@link BatchedBackend#loadAll}. Without the agent its body runs, and fails, so a run that forgot
 * {@code -javaagent} stops instead of measuring something else.
 */
public class BatchedService {

  /** Most keys in one bulk call; the java-dataloader variant uses the same. */
  static final int MAX_SIZE = 64;
  /** Longest a key waits for companions; the java-dataloader variant uses the same. */
  static final int MAX_DELAY_MILLIS = 2;
  static final String MAX_DELAY = MAX_DELAY_MILLIS + "ms";

  private final BatchedBackend backend;

  BatchedService(BatchedBackend backend) {
    this.backend = backend;
  }

  @Batched(via = "loadAll", maxSize = MAX_SIZE, maxDelay = MAX_DELAY)
  public Long find(Long key) {
    throw new IllegalStateException("the body of @Batched find(" + key + ") ran: is the Overdrive agent"
        + " loaded? Run with -javaagent:agent/target/overdrive-agent.jar, as benchmarks/run.sh does.");
  }

  public List<Long> loadAll(List<Long> keys) {
    return backend.loadAll(keys);
  }
}
