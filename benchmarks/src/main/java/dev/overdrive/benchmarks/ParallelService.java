package dev.overdrive.benchmarks;

import dev.overdrive.annotations.Parallel;
import java.util.List;

/**
 * The sequential loop under Overdrive's {@code @Parallel}: the agent splits the list into chunks
 * and sums the chunks' results. I/O-bound items one per chunk, at most 50 at once, on the {@code
 * io} executor of 50 threads; CPU-bound items 50 per chunk on the {@code default} executor, as many
 * at once as processors. Without the agent each method is the plain loop, which {@link
 * ParallelBenchmark}'s checks refuse.
 */
public class ParallelService {

  /** Overdrive names an executor's threads {@code overdrive-<name>-N}. */
  static final String IO_THREADS = "overdrive-" + ParallelWork.IO_EXECUTOR + "-";

  static final String CPU_THREADS = "overdrive-default-";

  private final ParallelWork work;

  ParallelService(ParallelWork work) {
    this.work = work;
  }

  @Parallel(
      chunkSize = 1,
      maxConcurrency = ParallelWork.IO_CONCURRENCY,
      executor = ParallelWork.IO_EXECUTOR)
  public long io(List<Integer> items) {
    return work.sum(items);
  }

  @Parallel(chunkSize = ParallelWork.CPU_CHUNK)
  public long cpu(List<Integer> items) {
    return work.sum(items);
  }
}
