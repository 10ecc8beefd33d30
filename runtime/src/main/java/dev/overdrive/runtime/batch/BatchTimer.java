package dev.overdrive.runtime.batch;

import dev.overdrive.runtime.Lifecycle;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread that sends batches whose window has passed. It only dispatches: the bulk
 * call itself runs on the {@code batch} executor, which is named, configurable, metered and drained
 * like the others.
 *
 * <p>Why it is not a named executor itself: it schedules deadlines, which a named executor's pool
 * (a queue, caller-runs when full) cannot; its task is a few field reads, so one thread suffices
 * and there is nothing to size; and it needs no drain, because at shutdown every pending batch is
 * sent by the flush phase ({@code BatchSites.flushAll}) before the executors drain, whatever the
 * timer still holds.
 */
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
