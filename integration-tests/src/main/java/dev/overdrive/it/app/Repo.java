package dev.overdrive.it.app;

import dev.overdrive.annotations.Batched;
import dev.overdrive.annotations.Cached;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code @Batched} methods over bulk methods that record every call they get. */
public class Repo {

  /** One bulk call: which method, on which instance, with which keys. */
  public record Call(String method, Repo on, List<Object> keys) {}

  public static final List<Call> CALLS = new CopyOnWriteArrayList<>();
  public static volatile RuntimeException failWith;
  public static volatile boolean wrongSize;
  public static final CountDownLatch UNHANG = new CountDownLatch(1);

  static List<Call> calls(String method) {
    return CALLS.stream().filter(c -> c.method.equals(method)).toList();
  }

  private void record(String method, Collection<?> keys) {
    CALLS.add(new Call(method, this, new ArrayList<>(keys)));
  }

  @Batched(via = "findAll", maxSize = 10, maxDelay = "20ms")
  public String find(Long id) {
    throw new AssertionError("a @Batched body never runs");
  }

  public Map<Long, String> findAll(Collection<Long> ids) throws InterruptedException {
    record("findAll", ids);
    RuntimeException failure = failWith;
    if (failure != null) {
      throw failure;
    }
    Thread.sleep(5);
    Map<Long, String> found = new HashMap<>();
    for (Long id : ids) {
      if (id != 13) {
        found.put(id, "v" + id);
      }
    }
    return found;
  }

  @Batched(via = "loadAll", maxDelay = "20ms")
  public CompletableFuture<String> load(long id) {
    throw new AssertionError("a @Batched body never runs");
  }

  public List<String> loadAll(List<Long> ids) throws InterruptedException {
    record("loadAll", ids);
    Thread.sleep(50);
    List<String> values = new ArrayList<>();
    for (Long id : ids) {
      values.add("l" + id);
    }
    if (wrongSize) {
      values.remove(0);
    }
    return values;
  }

  @Cached
  @Batched(via = "cachedAll", maxDelay = "20ms")
  public String cachedFind(Long id) {
    throw new AssertionError("a @Batched body never runs");
  }

  public Map<Long, String> cachedAll(List<Long> ids) {
    record("cachedAll", ids);
    Map<Long, String> found = new HashMap<>();
    for (Long id : ids) {
      found.put(id, "c" + id);
    }
    return found;
  }

  @Batched(via = "staticAll", maxDelay = "20ms")
  public static String staticFind(Integer id) {
    throw new AssertionError("a @Batched body never runs");
  }

  public static Map<Integer, String> staticAll(Set<Integer> ids) {
    CALLS.add(new Call("staticAll", null, new ArrayList<>(ids)));
    Map<Integer, String> found = new HashMap<>();
    for (Integer id : ids) {
      found.put(id, "s" + id);
    }
    return found;
  }

  @Batched(via = "hangAll", maxDelay = "5ms")
  public String hangs(Long id) {
    throw new AssertionError("a @Batched body never runs");
  }

  public Map<Long, String> hangAll(List<Long> ids) throws InterruptedException {
    record("hangAll", ids);
    if (ids.contains(0L)) {
      UNHANG.await(10, TimeUnit.SECONDS);
    }
    Map<Long, String> found = new HashMap<>();
    for (Long id : ids) {
      found.put(id, "h" + id);
    }
    return found;
  }

  /** Asked for just before the program ends: the batch must still be sent. */
  @Batched(via = "lastAll", maxDelay = "1s")
  public CompletableFuture<String> last(Long id) {
    throw new AssertionError("a @Batched body never runs");
  }

  public Map<Long, String> lastAll(List<Long> ids) {
    System.out.println("FLUSHED " + ids.size() + " keys");
    return new HashMap<>();
  }
}
