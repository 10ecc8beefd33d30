package dev.overdrive.runtime.remote;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Records what a tier hears, with the time it heard it. */
final class RecordingListener implements InvalidationListener {

  /** One invalidation: {@code key} is null for "all keys". */
  record Heard(String cache, String key, long nanos) {}

  final BlockingQueue<Heard> heard = new LinkedBlockingQueue<>();
  final AtomicInteger missed = new AtomicInteger();
  volatile long lastMissedNanos;

  @Override
  public void onInvalidate(String cache, String key) {
    heard.add(new Heard(cache, key, System.nanoTime()));
  }

  @Override
  public void onInvalidateAll(String cache) {
    heard.add(new Heard(cache, null, System.nanoTime()));
  }

  @Override
  public void onPossiblyMissedInvalidations() {
    lastMissedNanos = System.nanoTime();
    missed.incrementAndGet();
  }

  Heard next(long timeoutMillis) throws InterruptedException {
    return heard.poll(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Polls {@code condition} every millisecond for at most {@code millis}. */
  static boolean within(long millis, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(1);
    }
    return condition.getAsBoolean();
  }
}
