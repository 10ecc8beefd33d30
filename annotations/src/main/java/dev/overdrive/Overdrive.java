package dev.overdrive;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.List;

/**
 * Overdrive from code, for admin endpoints and tests: invalidate caches by name, read their
 * statistics, send pending batches now, wait for {@code @Async} work, and ask whether the agent is
 * there. Without the agent every method is inert: nothing to invalidate, empty statistics, nothing
 * pending, {@link #isActive()} false.
 *
 * <pre>{@code
 * Overdrive.invalidate("products", 42L);       // as @CacheInvalidate(cache = "products") would
 * Overdrive.invalidateAll();                    // every cache, e.g. before each test
 * CacheStats s = Overdrive.cacheStats("products");
 * }</pre>
 *
 * <p>Not for hot paths: each call goes through a method handle to the agent's runtime.
 */
public final class Overdrive {

  private Overdrive() {}

  /** Whether the agent is attached and enabled in this JVM. */
  public static boolean isActive() {
    try {
      Class<?> agent =
          Class.forName(
              "dev.overdrive.agent.OverdriveAgent", true, ClassLoader.getSystemClassLoader());
      return (Boolean) agent.getMethod("isActive").invoke(null);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException absent) {
      return false;
    }
  }

  /**
   * Removes the entry for {@code key} (the key parameters' values, in the cached method's key
   * order) from every cache named {@code cache}.
   */
  public static void invalidate(String cache, Object... key) {
    call(Runtime.INVALIDATE, cache, key == null ? new Object[] {null} : key);
  }

  /** Removes every entry of the caches named {@code cache}. */
  public static void invalidateAll(String cache) {
    call(Runtime.INVALIDATE_ALL, cache);
  }

  /** Removes every entry of every cache: a clean slate, for instance before each test. */
  public static void invalidateAll() {
    call(Runtime.INVALIDATE_EVERYTHING);
  }

  /** The names of every live cache. */
  @SuppressWarnings("unchecked")
  public static List<String> cacheNames() {
    Object names = call(Runtime.CACHE_NAMES);
    return names == null ? List.of() : List.of((String[]) names);
  }

  /** A snapshot of the caches named {@code cache}. */
  public static CacheStats cacheStats(String cache) {
    Object counts = call(Runtime.CACHE_STATS, cache);
    if (counts == null) {
      return CacheStats.none(cache);
    }
    long[] c = (long[]) counts;
    return new CacheStats(cache, c[0], c[1], c[2], c[3]);
  }

  /** Bulk calls made so far by the {@code @Batched} method {@code Class#method}. */
  public static long bulkCalls(String method) {
    Object calls = call(Runtime.BULK_CALLS, method);
    return calls == null ? 0 : (Long) calls;
  }

  /**
   * The journal id of the {@code @Async(durable = true)} call whose body runs on this thread, or
   * -1: the same after a restart, so a body can make its effect idempotent with it.
   */
  public static long durableCallId() {
    Object id = call(Runtime.DURABLE_CALL_ID);
    return id == null ? -1 : (Long) id;
  }

  /** Dead durable calls (they threw {@code overdrive.journal.maxAttempts} times), oldest first. */
  public static List<DeadCall> deadCalls() {
    Object rows = call(Runtime.DEAD_CALLS);
    if (rows == null) {
      return List.of();
    }
    java.util.ArrayList<DeadCall> dead = new java.util.ArrayList<>();
    for (String[] row : (String[][]) rows) {
      dead.add(new DeadCall(Long.parseLong(row[0]), row[1], row[2]));
    }
    return List.copyOf(dead);
  }

  /**
   * Runs dead call {@code id} again: now if its method's class is live in this JVM, else after the
   * next restart. Returns its new journal id, or -1 without the agent.
   */
  public static long replayDead(long id) {
    Object again = call(Runtime.REPLAY_DEAD, id);
    return again == null ? -1 : (Long) again;
  }

  /**
   * A durable call kept as dead.
   *
   * @param id its journal id
   * @param method {@code Class#method(descriptor)}
   * @param reason why it is dead (exception classes, never argument values)
   */
  public record DeadCall(long id, String method, String reason) {}

  /** Sends every pending {@code @Batched} batch now, without waiting for its delay. */
  public static void flushBatches() {
    call(Runtime.FLUSH_BATCHES);
  }

  /**
   * Waits until every Overdrive executor is idle (no {@code @Async}, {@code @Parallel} or bulk call
   * running or queued), at most {@code timeout}.
   *
   * @return whether they became idle in time
   */
  public static boolean awaitIdle(Duration timeout) {
    Object idle = call(Runtime.AWAIT_IDLE, timeout.toNanos());
    return idle == null || (Boolean) idle;
  }

  private static Object call(int operation, Object... args) {
    MethodHandle h = Runtime.handle(operation);
    if (h == null) {
      return null;
    }
    try {
      return h.invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * The runtime's {@code Control} class, on the bootstrap class path once the agent woke (the first
   * class with our annotations loaded). Looked up until found, since the agent may wake after the
   * first call here.
   */
  private static final class Runtime {
    static final int INVALIDATE = 0;
    static final int INVALIDATE_ALL = 1;
    static final int INVALIDATE_EVERYTHING = 2;
    static final int CACHE_NAMES = 3;
    static final int CACHE_STATS = 4;
    static final int BULK_CALLS = 5;
    static final int FLUSH_BATCHES = 6;
    static final int AWAIT_IDLE = 7;
    static final int DURABLE_CALL_ID = 8;
    static final int DEAD_CALLS = 9;
    static final int REPLAY_DEAD = 10;

    private static final MethodType[] TYPES = {
      MethodType.methodType(void.class, String.class, Object[].class),
      MethodType.methodType(void.class, String.class),
      MethodType.methodType(void.class),
      MethodType.methodType(String[].class),
      MethodType.methodType(long[].class, String.class),
      MethodType.methodType(long.class, String.class),
      MethodType.methodType(void.class),
      MethodType.methodType(boolean.class, long.class),
      MethodType.methodType(long.class),
      MethodType.methodType(String[][].class),
      MethodType.methodType(long.class, long.class),
    };
    private static final String[] NAMES = {
      "invalidate",
      "invalidateAll",
      "invalidateEverything",
      "cacheNames",
      "cacheStats",
      "bulkCalls",
      "flushBatches",
      "awaitIdle",
      "durableCallId",
      "deadCalls",
      "replayDead"
    };

    private static volatile MethodHandle[] handles;

    static MethodHandle handle(int operation) {
      MethodHandle[] h = handles;
      if (h == null) {
        h = resolve();
        if (h == null) {
          return null;
        }
        handles = h;
      }
      return h[operation];
    }

    private static MethodHandle[] resolve() {
      try {
        Class<?> control = Class.forName("dev.overdrive.runtime.Control", true, null);
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle[] h = new MethodHandle[NAMES.length];
        for (int i = 0; i < h.length; i++) {
          h[i] = lookup.findStatic(control, NAMES[i], TYPES[i]);
        }
        return h;
      } catch (ReflectiveOperationException | LinkageError | RuntimeException notAwake) {
        return null;
      }
    }
  }
}
