package dev.overdrive.runtime;

/**
 * Lets the runtime call an instrumented method's own body, skipping its advice once: a background
 * refresh re-invokes a {@code @Cached} method to reload it, and must not be answered from the
 * cache; an {@code @Async} task or a {@code @Parallel} chunk re-invokes its method, and must not be
 * submitted or split again. The mark names one site of one kind (site ids are numbered per kind)
 * and is consumed by the first entry into that site on this thread, so calls the body makes itself
 * are advised as usual.
 *
 * <p>The re-invocation enters the method's outermost advice first: a {@code @Cached} method that is
 * also {@code @Async} therefore looks for its task's {@link #ASYNC} mark too, and steps aside
 * without consuming it ({@code CacheSite}).
 *
 * <p>Only paths that can be re-invoked pay the thread-local read; a plain cache hit never does.
 */
public final class Bypass {

  public static final int CACHE = 1;
  public static final int ASYNC = 2;
  public static final int PARALLEL = 3;

  private static final long NONE = -1;
  private static final ThreadLocal<long[]> MARK = ThreadLocal.withInitial(() -> new long[] {NONE});

  private Bypass() {}

  private static long mark(int kind, int site) {
    return ((long) kind << 32) | (site & 0xFFFFFFFFL);
  }

  public static void set(int kind, int site) {
    MARK.get()[0] = mark(kind, site);
  }

  public static void clear() {
    MARK.get()[0] = NONE;
  }

  /** Whether the next entry into {@code site} of {@code kind} on this thread must run the body. */
  public static boolean isSet(int kind, int site) {
    return MARK.get()[0] == mark(kind, site);
  }

  /** {@link #isSet} and clears the mark. */
  public static boolean consume(int kind, int site) {
    long[] mark = MARK.get();
    if (mark[0] == mark(kind, site)) {
      mark[0] = NONE;
      return true;
    }
    return false;
  }
}
