package dev.overdrive.runtime.batch;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The one daemon thread that sends batches whose window has passed. It only dispatches. */
final class BatchTimer {

  private static final ScheduledThreadPoolExecutor TIMER = create();

  private BatchTimer() {}

  private static ScheduledThreadPoolExecutor create() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "overdrive-batch-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    return timer;
  }

  static void schedule(Runnable task, long delayNanos) {
    TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
  }
}
