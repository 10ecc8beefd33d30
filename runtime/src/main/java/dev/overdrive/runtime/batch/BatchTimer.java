package dev.overdrive.runtime.batch;

import dev.overdrive.runtime.Lifecycle;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The one daemon thread that sends batches whose window has passed. It only dispatches. */
final class BatchTimer {

  private static final ScheduledThreadPoolExecutor TIMER = create();

  private BatchTimer() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, r -> Lifecycle.thread("overdrive-batch-timer", r));
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  static void schedule(Runnable task, long delayNanos) {
    TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }
}
