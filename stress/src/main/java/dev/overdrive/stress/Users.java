package dev.overdrive.stress;

import dev.overdrive.annotations.Batched;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** {@code @Batched}, blocking and future-returning, over one bulk method. */
public final class Users {

  static final int MAX_BATCH = 32;

  /** A key whose bulk call fails, failing every caller in its batch. */
  static boolean poisoned(long id) {
    return id % 1000 == 999;
  }

  final LongAdder bulkCalls = new LongAdder();
  final LongAdder keysDelivered = new LongAdder();
  final LongAdder oversized = new LongAdder();
  final LongAdder duplicatesInBatch = new LongAdder();
  private final AtomicLong batchNumbers = new AtomicLong();

  /** What every caller of a failed batch gets: the very object, naming the batch's keys. */
  static final class BatchFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Set<Long> keys;

    BatchFailure(Set<Long> keys) {
      super("bulk call failed for " + keys.size() + " keys", null, false, false);
      this.keys = keys;
    }
  }

  @Batched(via = "usersById", maxSize = MAX_BATCH, maxDelay = "1ms")
  public User user(Long id) {
    throw new UnsupportedOperationException("@Batched: the body never runs");
  }

  @Batched(via = "usersById", maxSize = MAX_BATCH, maxDelay = "1ms")
  public CompletableFuture<User> userLater(Long id) {
    throw new UnsupportedOperationException("@Batched: the body never runs");
  }

  public Map<Long, User> usersById(Collection<Long> ids) {
    bulkCalls.increment();
    keysDelivered.add(ids.size());
    if (ids.size() > MAX_BATCH) {
      oversized.increment();
    }
    Set<Long> distinct = new HashSet<>(ids);
    if (distinct.size() != ids.size()) {
      duplicatesInBatch.increment();
    }
    long batch = batchNumbers.incrementAndGet();
    for (Long id : ids) {
      if (poisoned(id)) {
        throw new BatchFailure(distinct);
      }
    }
    Map<Long, User> users = new HashMap<>();
    for (Long id : ids) {
      users.put(id, new User(id, batch));
    }
    return users;
  }
}
