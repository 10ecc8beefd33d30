package dev.overdrive.stress;

import dev.overdrive.annotations.Async;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/** {@code @Async}: fire-and-forget, futures (some failing), and a task that calls a batch. */
public final class Jobs {

  final LongAdder auditRuns = new LongAdder();
  final LongAdder auditSum = new LongAdder();
  final LongAdder squareRuns = new LongAdder();

  static boolean failing(long n) {
    return n % 97 == 0;
  }

  @Async
  public void audit(long n) {
    auditRuns.increment();
    auditSum.add(n);
  }

  @Async
  public CompletableFuture<Long> square(long n) {
    squareRuns.increment();
    if (failing(n)) {
      throw new IllegalArgumentException("no square for " + n);
    }
    return CompletableFuture.completedFuture(n * n);
  }

  /** An {@code @Async} task blocking on a {@code @Batched} call, on the default executor. */
  @Async
  public CompletableFuture<User> userViaTask(Users users, Long id) {
    return CompletableFuture.completedFuture(users.user(id));
  }
}
