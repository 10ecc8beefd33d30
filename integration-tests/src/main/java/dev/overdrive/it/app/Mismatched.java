package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Annotations that are each well-formed but do not fit the method or each other. */
public class Mismatched {

  public static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  static int runs(String method) {
    AtomicInteger n = RUNS.get(method);
    return n == null ? 0 : n.get();
  }

  private static void ran(String method) {
    RUNS.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
  }

  /** Rejected: keeps nothing. */
  @Cached(maxSize = 0)
  public String zeroSize(String k) {
    ran("zeroSize");
    return k;
  }

  /** Rejected: the bulk method's keys are Longs, the key a String. */
  @Batched(via = "bulkOfLongs")
  public String wrongElement(String key) {
    ran("wrongElement");
    return key;
  }

  /** Rejected: the bulk result's keys are Strings, the key a Long. */
  @Batched(via = "bulkByName")
  public String wrongMapKey(Long id) {
    ran("wrongMapKey");
    return "x";
  }

  /** Rejected: the bulk result's values are Integers, this method returns a String. */
  @Batched(via = "bulkOfInts")
  public String wrongValue(Long id) {
    ran("wrongValue");
    return "x";
  }

  /** Works; a key the bulk result lacks fails the caller with a clear exception. */
  @Batched(via = "bulkOfInts")
  public int primitive(Long id) {
    ran("primitive");
    return bulkOfInts(List.of(id)).get(id);
  }

  /** Rejected: it would remove the entry it stores. */
  @Cached(name = "mismatched.self")
  @CacheInvalidate(cache = "mismatched.self")
  public String selfInvalidating(String k) {
    ran("selfInvalidating");
    return k;
  }

  /** Rejected (@Async on a String method), so its cache "mismatched.ghost" must not exist. */
  @Cached(name = "mismatched.ghost")
  @Async
  public String ghost(String k) {
    ran("ghost");
    return k;
  }

  @CacheInvalidate(cache = "mismatched.ghost")
  public void removeGhost(String k) {}

  @Cached(name = "mismatched.accounts")
  public String account(long id) {
    ran("account");
    return "acct" + id;
  }

  /** Fine: a Long key equals a long one. */
  @CacheInvalidate(cache = "mismatched.accounts")
  public void removeAccount(Long id) {}

  /** Removes nothing, ever: a String is never a long. Told once, at first use. */
  @CacheInvalidate(cache = "mismatched.accounts")
  public void removeAccountByName(String id) {}

  /** Removes nothing, ever: the cache's key is one value. */
  @CacheInvalidate(cache = "mismatched.accounts")
  public void removeAccountAndMore(long id, String other) {}

  @Cached(name = "mismatched.shared")
  public String sharedA(String k) {
    ran("sharedA");
    return "a" + k;
  }

  @Cached(name = "mismatched.shared")
  public String sharedB(String k) {
    ran("sharedB");
    return "b" + k;
  }

  /** Rejected: there is no parameter 2 to order by. */
  @Async(orderBy = 2)
  public void badOrder(String k) {
    ran("badOrder");
  }

  /** Not a value: a handle to something live. */
  public static final class Handle {}

  /** Rejected: a Connection cannot be journaled. */
  @Async(durable = true)
  public void durableConnection(java.sql.Connection c) {
    ran("durableConnection");
  }

  /** Rejected: a lambda cannot be journaled. */
  @Async(durable = true)
  public void durableLambda(Runnable then) {
    ran("durableLambda");
  }

  /** Rejected: not Serializable. */
  @Async(durable = true)
  public void durableHandle(Handle h) {
    ran("durableHandle");
  }

  // ---- bulk methods ------------------------------------------------------------------------

  public Map<String, String> bulkOfLongs(List<Long> ids) {
    return new HashMap<>();
  }

  public Map<String, String> bulkByName(List<Long> ids) {
    return new HashMap<>();
  }

  /** Values for even ids only. */
  public Map<Long, Integer> bulkOfInts(List<Long> ids) {
    Map<Long, Integer> values = new HashMap<>();
    for (Long id : ids) {
      if (id % 2 == 0) {
        values.put(id, (int) (id * 10));
      }
    }
    return values;
  }
}
