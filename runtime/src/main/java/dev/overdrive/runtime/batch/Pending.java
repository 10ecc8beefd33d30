package dev.overdrive.runtime.batch;

import dev.overdrive.runtime.Sneaky;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** One caller's key, waiting for its batch. */
final class Pending {

  final Object key;
  final boolean blocking;
  final CompletableFuture<Object> future = new CompletableFuture<>();

  Pending(Object key, boolean blocking) {
    this.key = key;
    this.blocking = blocking;
  }

  /**
   * Blocks until the batch answers: the value, or the bulk call's exception (the same object).
   *
   * @throws InterruptedException if the caller is interrupted while it waits
   */
  Object await() throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw Sneaky.raise(e.getCause() != null ? e.getCause() : e);
    }
  }
}
