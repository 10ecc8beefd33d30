package dev.overdrive.benchmarks;

import dev.overdrive.annotations.Batched;
import java.util.List;

/**
 * The {@code @Batched} variant: a single-key lookup that the agent turns into bulk calls of {@link
 * BatchedBackend#loadAll}. Without the agent its body runs, and fails, so a run that forgot {@code
 * -javaagent} stops instead of measuring something else.
 */
public class BatchedService {

  /**
   * Most keys in one bulk call; the java-dataloader variant uses the same. 16 is 64 callers over
   * the backend's 4 slots: the setting that lets four bulk calls share the pool, as one would
   * configure it for this backend. With 64, all keys queued at once go into a single call, one slot
   * works and three idle (at best 39,000 req/s instead of 55,000).
   */
  static final int MAX_SIZE = 16;

  /** Longest a key waits for companions; the java-dataloader variant uses the same. */
  static final int MAX_DELAY_MILLIS = 2;

  static final String MAX_DELAY = MAX_DELAY_MILLIS + "ms";

  private final BatchedBackend backend;

  BatchedService(BatchedBackend backend) {
    this.backend = backend;
  }

  @Batched(via = "loadAll", maxSize = MAX_SIZE, maxDelay = MAX_DELAY)
  public Long find(Long key) {
    throw new IllegalStateException(
        "the body of @Batched find("
            + key
            + ") ran: is the Overdrive agent"
            + " loaded? Run with -javaagent:agent/target/overdrive-agent.jar, as benchmarks/run.sh does.");
  }

  public List<Long> loadAll(List<Long> keys) {
    return backend.loadAll(keys);
  }
}
