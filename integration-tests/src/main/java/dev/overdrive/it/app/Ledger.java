package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code @Async(orderBy)}: entries per account, in the order they were made. */
public class Ledger {

  public final Map<String, List<Integer>> applied = new ConcurrentHashMap<>();
  public final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
  public final AtomicInteger overlaps = new AtomicInteger();
  public volatile CyclicBarrier meet = new CyclicBarrier(2);
  public volatile long meetWithinMillis = 5_000;

  @Async(orderBy = 0, executor = "ledger")
  public void apply(String account, int seq) {
    AtomicInteger now = running.computeIfAbsent(account, a -> new AtomicInteger());
    if (now.incrementAndGet() > 1) {
      overlaps.incrementAndGet(); // two calls of one account at once
    }
    try {
      Thread.yield();
      applied.computeIfAbsent(account, a -> new CopyOnWriteArrayList<>()).add(seq);
    } finally {
      now.decrementAndGet();
    }
  }

  /** Returns its sequence number once its account's earlier calls have run. */
  @Async(orderBy = 0, executor = "ledger")
  public CompletableFuture<Integer> balanceAfter(String account, int seq) {
    apply(account + "-f", seq);
    return CompletableFuture.completedFuture(seq);
  }

  /** Two accounts meet here: they can only if they run at the same time. */
  @Async(orderBy = 0, executor = "ledger")
  public CompletableFuture<Boolean> meetOther(String account) {
    try {
      meet.await(meetWithinMillis, TimeUnit.MILLISECONDS);
      return CompletableFuture.completedFuture(true);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      return CompletableFuture.completedFuture(false);
    }
  }

  /** On an executor of one thread and a queue of one: callers run lanes when it is full. */
  @Async(orderBy = 0, executor = "tinyledger")
  public void applyTiny(String account, int seq) {
    apply(account + "-tiny", seq);
  }
}
