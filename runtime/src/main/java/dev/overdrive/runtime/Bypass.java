package dev.overdrive.runtime;

/**
 * Lets the runtime call an instrumented method's own body, skipping its advice once: a
 * background refresh re-invokes a {@code @Cached} method to reload it, and must not be answered
 * from the cache. The mark names one site and is consumed by the first entry into that site on
 * this thread, so calls the body makes itself are advised as usual.
 *
 * <p>Only paths that can be re-invoked pay the thread-local read; a plain cache hit never does.
 */
public final class Bypass {

  private static final ThreadLocal<int[]> MARK = ThreadLocal.withInitial(() -> new int[] {-1});

  private Bypass() {}

  public static void set(int site) {
    MARK.get()[0] = site;
  }

  public static void clear() {
    MARK.get()[0] = -1;
  }

  /** Whether the next entry into {@code site} on this thread must run the body. */
  public static boolean isSet(int site) {
    return MARK.get()[0] == site;
  }

  /** {@link #isSet} and clears the mark. */
  public static boolean consume(int site) {
    int[] mark = MARK.get();
    if (mark[0] == site) {
      mark[0] = -1;
      return true;
    }
    return false;
  }
}
