package dev.overdrive.it.app;

import dev.overdrive.annotations.Parallel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code @Parallel} methods of every supported shape; each records its chunks. */
public class Chunks {

  public static final AtomicInteger CALLS = new AtomicInteger();
  public static final Set<String> THREADS = ConcurrentHashMap.newKeySet();
  public static final List<Integer> CHUNK_SIZES = new java.util.concurrent.CopyOnWriteArrayList<>();
  public static final AtomicInteger RUNNING = new AtomicInteger();
  public static final AtomicInteger MAX_RUNNING = new AtomicInteger();
  public static final AtomicInteger STARTED = new AtomicInteger();
  public static final Set<String> TENANTS = ConcurrentHashMap.newKeySet();
  public static volatile CyclicBarrier bothFail;

  @Parallel(chunkSize = 3, maxConcurrency = 4, executor = "io")
  public List<Integer> doubled(List<Integer> xs) throws InterruptedException {
    CALLS.incrementAndGet();
    CHUNK_SIZES.add(xs.size());
    THREADS.add(Thread.currentThread().getName());
    TENANTS.add(String.valueOf(TenantCarrier.TENANT.get()));
    Thread.sleep(20);
    List<Integer> out = new ArrayList<>();
    for (int x : xs) {
      out.add(x * 2);
    }
    return out;
  }

  @Parallel(chunkSize = 2, executor = "io")
  public Map<String, Integer> lengths(String prefix, Collection<String> words) {
    Map<String, Integer> m = new HashMap<>();
    for (String w : words) {
      m.put(prefix + w, w.length());
    }
    return m;
  }

  @Parallel(chunkSize = 2, executor = "io")
  public Set<Integer> remainders(List<Integer> xs, int mod) {
    Set<Integer> s = new HashSet<>();
    for (int x : xs) {
      s.add(x % mod);
    }
    return s;
  }

  @Parallel(chunkSize = 10, executor = "io")
  public long sum(List<Long> xs) {
    long s = 0;
    for (long x : xs) {
      s += x;
    }
    return s;
  }

  @Parallel(chunkSize = 1, executor = "io")
  public BigDecimal total(List<BigDecimal> prices) {
    return prices.get(0);
  }

  @Parallel(chunkSize = 1, maxConcurrency = 3, executor = "io")
  public void touch(List<Integer> xs) throws InterruptedException {
    int now = RUNNING.incrementAndGet();
    MAX_RUNNING.accumulateAndGet(now, Math::max);
    Thread.sleep(50);
    RUNNING.decrementAndGet();
  }

  /** Item 0 fails at once; the rest are slow, so most never start. */
  @Parallel(chunkSize = 1, maxConcurrency = 2, executor = "io")
  public int failFast(List<Integer> xs) throws InterruptedException {
    STARTED.incrementAndGet();
    if (xs.get(0) == 0) {
      throw new IllegalStateException("item 0");
    }
    Thread.sleep(50);
    return 1;
  }

  /** Items 0 and 1 fail together. */
  @Parallel(chunkSize = 1, maxConcurrency = 2, executor = "io")
  public int failTogether(List<Integer> xs) throws Exception {
    bothFail.await();
    throw new IllegalStateException("item " + xs.get(0));
  }

  @Parallel(chunkSize = 1, maxConcurrency = 4, executor = "one")
  public int outer(List<Integer> xs) {
    List<Integer> inner = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inner.add(xs.get(0) * 10 + i);
    }
    return inner(inner);
  }

  @Parallel(chunkSize = 1, maxConcurrency = 4, executor = "one")
  public int inner(List<Integer> xs) {
    return xs.get(0);
  }

  @Parallel(chunkSize = 1, maxConcurrency = 20, executor = "io")
  public void sleepEach(List<Integer> xs) throws InterruptedException {
    Thread.sleep(10);
  }
}
