package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import java.util.concurrent.atomic.AtomicInteger;

/** A durable call that fails until it is allowed to succeed. */
public class Flaky {

  public static final AtomicInteger RUNS = new AtomicInteger();
  public static final AtomicInteger DONE = new AtomicInteger();
  public static volatile boolean healthy;

  @Async(durable = true)
  public static void charge(String order) {
    RUNS.incrementAndGet();
    if (!healthy) {
      throw new IllegalStateException("payment service down");
    }
    DONE.incrementAndGet();
  }
}
