package dev.overdrive.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.MethodRef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@code @Parallel} call without the agent: each method below starts as its advice does (ask the
 * site; {@code null} means "run the body here"), so every chunk is a real re-invocation through the
 * site's {@code Invoker} and {@link Bypass} mark.
 */
class ParallelSiteTest {

  private static final String OWNER = ParallelSiteTest.class.getName();
  private static final String POOL = "unit-parallel";
  private static final String ONE = "unit-parallel-one";
  private static final String LIST = "(Ljava/util/List;)Ljava/util/List;";

  /** One chunk the body ran: its elements and its thread. */
  record Chunk(List<Object> items, String thread) {}

  static final ConcurrentLinkedQueue<Chunk> CHUNKS = new ConcurrentLinkedQueue<>();
  static final AtomicInteger running = new AtomicInteger();
  static final AtomicInteger mostAtOnce = new AtomicInteger();
  static volatile CountDownLatch allStarted = new CountDownLatch(0);
  static volatile CountDownLatch slowRelease = new CountDownLatch(0);
  static volatile boolean slowDone;
  static volatile RuntimeException firstThrown;
  static volatile RuntimeException lateThrown;

  static int upperId;
  static int totalId;
  static int riskyId;
  static int narrowId;
  static int touchId;
  static int outerId;
  static int innerId;

  @BeforeAll
  static void register() {
    System.setProperty("overdrive.executor." + POOL + ".threads", "4");
    System.setProperty("overdrive.executor." + ONE + ".threads", "1");
    upperId = site("upper", LIST, 3, 0, POOL, Merge.LIST);
    totalId = site("total", "(Ljava/util/List;)I", 2, 0, POOL, Merge.INT);
    riskyId = site("risky", LIST, 1, 3, POOL, Merge.LIST);
    narrowId = site("narrow", LIST, 1, 2, POOL, Merge.LIST);
    touchId = site("touch", "(Ljava/util/List;)V", 2, 0, POOL, Merge.VOID);
    outerId = site("outer", LIST, 1, 2, ONE, Merge.LIST);
    innerId = site("inner", LIST, 1, 2, ONE, Merge.LIST);
  }

  @AfterAll
  static void clearProperties() {
    System.clearProperty("overdrive.executor." + POOL + ".threads");
    System.clearProperty("overdrive.executor." + ONE + ".threads");
  }

  private static int site(
      String name,
      String descriptor,
      int chunkSize,
      int maxConcurrency,
      String executor,
      Merge merge) {
    ParallelSpec spec =
        new ParallelSpec(
            new MethodRef(OWNER, name, descriptor, true, 1),
            0,
            chunkSize,
            maxConcurrency,
            executor,
            merge);
    return ParallelSite.register(spec, ParallelSiteTest.class.getClassLoader(), new ArrayList<>());
  }

  /** What the advice does on entry: the merged result, or {@code null} to run the body here. */
  private static Object enter(int id, List<?> items) {
    return ParallelSite.SITES.get(id).run(ParallelSiteTest.class, null, new Object[] {items});
  }

  private static void ran(List<?> items) {
    CHUNKS.add(new Chunk(new ArrayList<>(items), Thread.currentThread().getName()));
  }

  @SuppressWarnings("unchecked")
  static List<String> upper(List<String> items) {
    Object merged = enter(upperId, items);
    if (merged != null) {
      return (List<String>) merged;
    }
    ran(items);
    if (items.contains("a")) {
      sleep(50); // the first chunk finishes last: the merge must still keep input order
    }
    List<String> out = new ArrayList<>();
    items.forEach(s -> out.add(s.toUpperCase(Locale.ROOT)));
    return out;
  }

  static int total(List<Integer> items) {
    Object merged = enter(totalId, items);
    if (merged != null) {
      return (Integer) merged;
    }
    ran(items);
    return items.stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Once all three run: {@code fail} throws at once, {@code late} after 300 ms, {@code slow}
   * returns when the test lets it.
   */
  @SuppressWarnings("unchecked")
  static List<String> risky(List<String> items) {
    Object merged = enter(riskyId, items);
    if (merged != null) {
      return (List<String>) merged;
    }
    ran(items);
    allStarted.countDown();
    switch (items.get(0)) {
      case "fail":
        await(allStarted); // a chunk not started at the first failure would never start
        firstThrown = new IllegalStateException("first");
        throw firstThrown;
      case "late":
        sleep(300);
        lateThrown = new IllegalArgumentException("late");
        throw lateThrown;
      default:
        await(slowRelease);
        slowDone = true;
        return items;
    }
  }

  @SuppressWarnings("unchecked")
  static List<String> narrow(List<String> items) {
    Object merged = enter(narrowId, items);
    if (merged != null) {
      return (List<String>) merged;
    }
    ran(items);
    int now = running.incrementAndGet();
    mostAtOnce.accumulateAndGet(now, Math::max);
    sleep(20);
    running.decrementAndGet();
    return items;
  }

  static void touch(List<String> items) {
    if (enter(touchId, items) != null) {
      return;
    }
    ran(items);
  }

  /** Each chunk makes a nested {@code @Parallel} call on the same one-thread executor. */
  @SuppressWarnings("unchecked")
  static List<String> outer(List<String> items) {
    Object merged = enter(outerId, items);
    if (merged != null) {
      return (List<String>) merged;
    }
    return inner(List.of(items.get(0) + "1", items.get(0) + "2"));
  }

  @SuppressWarnings("unchecked")
  static List<String> inner(List<String> items) {
    Object merged = enter(innerId, items);
    if (merged != null) {
      return (List<String>) merged;
    }
    ran(items);
    return items;
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<List<Object>> chunksBySize() {
    List<List<Object>> all = new ArrayList<>();
    CHUNKS.forEach(c -> all.add(c.items()));
    all.sort(Comparator.comparing(Object::toString));
    return all;
  }

  /** The calls below wait for their chunks: made on this thread, so that every wait is bounded. */
  private static final ExecutorService CALLER =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "unit-caller"));

  /** {@code call}'s result within 10 s, or what it threw. */
  private static <T> T bounded(Callable<T> call) throws Exception {
    try {
      return CALLER.submit(call).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  @AfterAll
  static void stopCaller() {
    CALLER.shutdownNow();
  }

  @BeforeEach
  void reset() {
    CHUNKS.clear();
    Bypass.clear();
  }

  @Test
  void aListIsSplitIntoChunksAndMergedInInputOrder() throws Exception {
    List<String> in = List.of("a", "b", "c", "d", "e", "f", "g");
    assertEquals(List.of("A", "B", "C", "D", "E", "F", "G"), bounded(() -> upper(in)));
    assertEquals(
        List.of(List.of("a", "b", "c"), List.of("d", "e", "f"), List.of("g")), chunksBySize());
    for (Chunk c : CHUNKS) {
      assertTrue(c.thread().startsWith("overdrive-" + POOL + "-"), c.thread());
    }
  }

  @Test
  void numbersAreSummed() throws Exception {
    assertEquals(21, bounded(() -> total(List.of(1, 2, 3, 4, 5, 6))));
    assertEquals(3, CHUNKS.size());
  }

  @Test
  void aCollectionOfAtMostOneChunkRunsInlineInTheCaller() throws Exception {
    assertNull(enter(upperId, List.of("a", "b", "c")), "three fit one chunk of three");
    assertNull(enter(upperId, null));
    assertEquals(List.of("X", "Y"), bounded(() -> upper(List.of("x", "y"))));
    assertEquals(1, CHUNKS.size());
    assertEquals("unit-caller", CHUNKS.peek().thread());
  }

  @Test
  void aChunksOwnReInvocationRunsTheBodyAndConsumesTheMark() {
    Bypass.set(Bypass.PARALLEL, upperId);
    assertNull(enter(upperId, List.of("a", "b", "c", "d", "e")));
    assertFalse(Bypass.isSet(Bypass.PARALLEL, upperId));
    assertEquals(List.of(), new ArrayList<>(CHUNKS), "nothing was split");
  }

  @Test
  void aVoidMethodRunsEveryChunkAndIsDone() throws Exception {
    assertSame(ParallelSite.DONE, bounded(() -> enter(touchId, List.of("a", "b", "c", "d", "e"))));
    assertEquals(List.of(List.of("a", "b"), List.of("c", "d"), List.of("e")), chunksBySize());
  }

  @Test
  void noMoreThanMaxConcurrencyChunksRunAtOnce() throws Exception {
    mostAtOnce.set(0);
    List<String> in = List.of("a", "b", "c", "d", "e", "f");
    assertEquals(in, bounded(() -> narrow(in)));
    assertEquals(6, CHUNKS.size());
    assertEquals(2, mostAtOnce.get());
  }

  @Test
  void theFirstFailureReachesTheCallerAtOnceAndLaterOnesAreSuppressed() throws Exception {
    allStarted = new CountDownLatch(3);
    slowRelease = new CountDownLatch(1);
    slowDone = false;
    try {
      IllegalStateException thrown =
          assertThrows(
              IllegalStateException.class,
              () -> bounded(() -> risky(List.of("fail", "late", "slow"))));
      assertSame(firstThrown, thrown, "the chunk's own exception");
      assertFalse(slowDone, "the caller waited for the slow chunk");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (thrown.getSuppressed().length == 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertEquals(
          List.of(lateThrown),
          Arrays.asList(thrown.getSuppressed()),
          "a chunk failing after the first is attached to it");
    } finally {
      slowRelease.countDown();
    }
  }

  @Test
  void nestedCallsOnAOneThreadPoolDoNotDeadlock() throws Exception {
    List<String> out = bounded(() -> outer(List.of("p", "q")));
    assertEquals(List.of("p1", "p2", "q1", "q2"), out);
    Set<List<Object>> chunks = new HashSet<>(chunksBySize());
    assertEquals(Set.of(List.of("p1"), List.of("p2"), List.of("q1"), List.of("q2")), chunks);
  }
}
