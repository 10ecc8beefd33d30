package dev.overdrive.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.NullValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a batch's callers get from its bulk call: values by key from a {@code Map} or in key order
 * from a {@code List}, one failure shared by all, equal keys sent once, batches per instance, and a
 * {@code null} key answered without a call. The bulk methods are real methods of this class, called
 * through the site's {@code Invoker} as under the agent.
 */
class BatchSiteTest {

  private static final String OWNER = BatchSiteTest.class.getName();

  /** One bulk call: the instance it ran on, its keys, the collection's class, its thread. */
  record Call(Object self, List<Object> keys, Class<?> keysType, String thread) {}

  static final ConcurrentLinkedQueue<Call> CALLS = new ConcurrentLinkedQueue<>();
  static volatile RuntimeException lastThrown;

  private static void record(Object self, Collection<?> keys) {
    CALLS.add(
        new Call(self, new ArrayList<>(keys), keys.getClass(), Thread.currentThread().getName()));
  }

  static Map<Object, Object> byMap(Collection<Object> keys) {
    record(null, keys);
    Map<Object, Object> values = new HashMap<>();
    for (Object k : keys) {
      if (!"absent".equals(k)) {
        values.put(k, "v:" + k);
      }
    }
    return values;
  }

  static Map<Object, Object> bySet(Set<Object> keys) {
    return byMap(keys);
  }

  static List<Object> byList(List<Object> keys) {
    record(null, keys);
    List<Object> values = new ArrayList<>();
    for (Object k : keys) {
      values.add("v:" + k);
    }
    if (keys.contains("short")) {
      values.remove(0);
    }
    return keys.contains("none") ? null : values;
  }

  static Map<Object, Object> failing(Collection<Object> keys) {
    record(null, keys);
    RuntimeException e = new IllegalStateException("backend down");
    lastThrown = e;
    throw e;
  }

  /** A result whose lookup throws for any key but {@code "a"} (a comparator that rejects it). */
  static Map<Object, Object> picky(Collection<Object> keys) {
    record(null, keys);
    Map<Object, Object> values =
        new TreeMap<>(
            (x, y) -> {
              if (!"a".equals(x) || !"a".equals(y)) {
                throw new ClassCastException("only \"a\" is comparable here");
              }
              return 0;
            });
    values.put("a", "v:a");
    return values;
  }

  /** An instance's bulk method: the value names the instance it ran on. */
  Map<Object, Object> mine(Collection<Object> keys) {
    record(this, keys);
    Map<Object, Object> values = new HashMap<>();
    for (Object k : keys) {
      values.put(k, this + ":" + k);
    }
    return values;
  }

  @Override
  public String toString() {
    return "instance" + System.identityHashCode(this);
  }

  @BeforeEach
  void reset() {
    CALLS.clear();
  }

  private static BatchSite site(
      String via,
      String viaDescriptor,
      BatchSpec.Keys keys,
      BatchSpec.Values values,
      int maxSize,
      boolean future,
      boolean primitive) {
    boolean isStatic = !via.equals("mine");
    MethodRef method =
        new MethodRef(
            OWNER,
            "find",
            primitive ? "(Ljava/lang/Object;)I" : "(Ljava/lang/Object;)Ljava/lang/Object;",
            isStatic,
            1);
    MethodRef bulk = new MethodRef(OWNER, via, viaDescriptor, isStatic, 1);
    return new BatchSite(
        new BatchSpec(
            method,
            bulk,
            keys,
            values,
            maxSize,
            TimeUnit.MILLISECONDS.toNanos(50),
            future,
            primitive),
        BatchSiteTest.class.getClassLoader());
  }

  private static BatchSite mapSite(int maxSize, boolean future) {
    return site(
        "byMap",
        "(Ljava/util/Collection;)Ljava/util/Map;",
        BatchSpec.Keys.LIST,
        BatchSpec.Values.MAP,
        maxSize,
        future,
        false);
  }

  private static BatchSite listSite(int maxSize) {
    return site(
        "byList",
        "(Ljava/util/List;)Ljava/util/List;",
        BatchSpec.Keys.LIST,
        BatchSpec.Values.LIST,
        maxSize,
        true,
        false);
  }

  private static CompletableFuture<?> ask(BatchSite site, Object self, Object key) {
    return (CompletableFuture<?>) site.submit(BatchSiteTest.class, self, key);
  }

  /** A blocking call, made on another thread so that the wait is bounded. */
  private static Object askBlocking(BatchSite site, Object key) throws Exception {
    return CompletableFuture.supplyAsync(() -> site.submit(BatchSiteTest.class, null, key))
        .get(10, TimeUnit.SECONDS);
  }

  private static Object get(CompletableFuture<?> f) throws Exception {
    return f.get(10, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> get(f));
    return e.getCause();
  }

  @Test
  void aMapResultAnswersEachCallerByKeyOnTheBatchExecutor() throws Exception {
    BatchSite site = mapSite(3, true);
    CompletableFuture<?> a = ask(site, null, "a");
    CompletableFuture<?> absent = ask(site, null, "absent");
    CompletableFuture<?> b = ask(site, null, "b");
    assertEquals("v:a", get(a));
    assertNull(get(absent), "a key missing from the map gives null");
    assertEquals("v:b", get(b));
    assertEquals(1, CALLS.size());
    Call call = CALLS.peek();
    assertEquals(List.of("a", "absent", "b"), call.keys());
    assertTrue(call.thread().startsWith("overdrive-batch-"), call.thread());
    assertEquals(1, site.calls());
  }

  @Test
  void aBlockingCallGetsItsValueAndNullAsTheNullValue() throws Exception {
    BatchSite site = mapSite(10, false);
    assertEquals("v:x", askBlocking(site, "x"));
    assertSame(NullValue.NULL, askBlocking(site, "absent"), "the advice skips the body on null");
  }

  @Test
  void equalKeysAreSentOnceAndEveryCallerGetsTheValue() throws Exception {
    BatchSite site = listSite(3);
    CompletableFuture<?> a1 = ask(site, null, "a");
    CompletableFuture<?> b = ask(site, null, "b");
    CompletableFuture<?> a2 = ask(site, null, "a");
    assertEquals("v:a", get(a1));
    assertEquals("v:b", get(b));
    assertEquals("v:a", get(a2), "a List result is indexed by distinct key, not by caller");
    assertEquals(List.of("a", "b"), CALLS.peek().keys());
  }

  @Test
  void setKeysReachTheBulkMethodAsASet() throws Exception {
    BatchSite site =
        site(
            "bySet",
            "(Ljava/util/Set;)Ljava/util/Map;",
            BatchSpec.Keys.SET,
            BatchSpec.Values.MAP,
            2,
            true,
            false);
    CompletableFuture<?> a = ask(site, null, "a");
    CompletableFuture<?> b = ask(site, null, "b");
    assertEquals("v:a", get(a));
    assertEquals("v:b", get(b));
    assertTrue(Set.class.isAssignableFrom(CALLS.peek().keysType()));
  }

  @Test
  void demandOverMaxSizeIsSplitIntoCallsOfAtMostMaxSize() throws Exception {
    BatchSite site = mapSite(2, true);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(ask(site, null, i));
    }
    for (int i = 0; i < 5; i++) {
      assertEquals("v:" + i, get(all.get(i)));
    }
    List<List<Object>> keys = new ArrayList<>();
    CALLS.forEach(c -> keys.add(c.keys()));
    assertEquals(
        Set.of(List.of(0, 1), List.of(2, 3), List.of(4)),
        new HashSet<>(keys),
        "in any order: the calls run side by side");
    assertEquals(3, keys.size());
    assertEquals(3, site.calls());
  }

  @Test
  void aListOfTheWrongSizeFailsEveryCallerNamingTheMethod() throws Exception {
    BatchSite site = listSite(2);
    CompletableFuture<?> a = ask(site, null, "a");
    CompletableFuture<?> s = ask(site, null, "short");
    Throwable fa = failure(a);
    assertSame(fa, failure(s));
    assertInstanceOf(IllegalStateException.class, fa);
    assertTrue(fa.getMessage().contains("returned 1 values for 2 keys"), fa.getMessage());
    assertTrue(fa.getMessage().contains(OWNER + "#find"), fa.getMessage());
    assertTrue(fa.getMessage().contains(OWNER + "#byList"), fa.getMessage());

    CompletableFuture<?> none = ask(site, null, "none");
    CompletableFuture<?> other = ask(site, null, "other");
    assertTrue(failure(none).getMessage().contains("returned null for 2 keys"));
    assertInstanceOf(IllegalStateException.class, failure(other));
  }

  @Test
  void aThrowingBulkCallFailsEveryCallerWithTheSameException() throws Exception {
    BatchSite site =
        site(
            "failing",
            "(Ljava/util/Collection;)Ljava/util/Map;",
            BatchSpec.Keys.LIST,
            BatchSpec.Values.MAP,
            2,
            true,
            false);
    CompletableFuture<?> a = ask(site, null, "a");
    CompletableFuture<?> b = ask(site, null, "b");
    Throwable fa = failure(a);
    assertSame(lastThrown, fa, "the bulk method's own exception, not a wrapper");
    assertSame(fa, failure(b));
  }

  @Test
  void aResultThatThrowsWhenReadFailsEveryCallerInsteadOfLeavingThemWaiting() throws Exception {
    BatchSite site =
        site(
            "picky",
            "(Ljava/util/Collection;)Ljava/util/Map;",
            BatchSpec.Keys.LIST,
            BatchSpec.Values.MAP,
            2,
            true,
            false);
    CompletableFuture<?> a = ask(site, null, "a");
    CompletableFuture<?> b = ask(site, null, "b");
    Throwable fb = failure(b); // today: a TimeoutException after 10 s, b is never completed
    assertInstanceOf(ClassCastException.class, fb);
    assertTrue(a.isDone(), "the batch's other callers are answered or failed too");
  }

  @Test
  void aBlockingCallerGetsTheBulkCallsExceptionThrownAsItIs() throws Exception {
    BatchSite site =
        site(
            "failing",
            "(Ljava/util/Collection;)Ljava/util/Map;",
            BatchSpec.Keys.LIST,
            BatchSpec.Values.MAP,
            10,
            false,
            false);
    ExecutionException e = assertThrows(ExecutionException.class, () -> askBlocking(site, "a"));
    assertSame(lastThrown, e.getCause());
  }

  @Test
  void aPrimitiveMethodWithoutAValueFailsNamingTheMethod() throws Exception {
    BatchSite site =
        site(
            "byMap",
            "(Ljava/util/Collection;)Ljava/util/Map;",
            BatchSpec.Keys.LIST,
            BatchSpec.Values.MAP,
            10,
            false,
            true);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> askBlocking(site, "absent"));
    IllegalStateException missing = assertInstanceOf(IllegalStateException.class, e.getCause());
    assertTrue(
        missing.getMessage().contains(OWNER + "#find returns a primitive"), missing.getMessage());
    assertEquals("v:x", askBlocking(site, "x"), "a key the result holds is answered");
  }

  @Test
  void aNullKeyIsAnsweredNullWithoutABulkCall() throws Exception {
    BatchSite blocking = mapSite(10, false);
    assertSame(NullValue.NULL, blocking.submit(BatchSiteTest.class, null, null));
    BatchSite future = mapSite(10, true);
    CompletableFuture<?> f = ask(future, null, null);
    assertTrue(f.isDone());
    assertNull(f.join());
    assertEquals(List.of(), new ArrayList<>(CALLS));
    assertEquals(0, blocking.calls() + future.calls());
  }

  @Test
  void eachInstanceHasItsOwnBatchesAndItsOwnBulkCall() throws Exception {
    BatchSite site =
        site(
            "mine",
            "(Ljava/util/Collection;)Ljava/util/Map;",
            BatchSpec.Keys.LIST,
            BatchSpec.Values.MAP,
            2,
            true,
            false);
    BatchSiteTest one = new BatchSiteTest();
    BatchSiteTest two = new BatchSiteTest();
    CompletableFuture<?> a = ask(site, one, "a");
    CompletableFuture<?> b = ask(site, two, "b");
    CompletableFuture<?> c = ask(site, one, "c"); // fills one's batch only
    assertEquals(one + ":a", get(a));
    assertEquals(one + ":c", get(c));
    assertEquals(two + ":b", get(b));
    assertEquals(2, CALLS.size());
    for (Call call : CALLS) {
      assertEquals(call.self() == one ? List.of("a", "c") : List.of("b"), call.keys());
    }
  }
}
