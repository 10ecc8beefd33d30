package dev.overdrive.runtime;

/** Rethrows any throwable, checked or not, unchanged: callers must see the body's own exception. */
public final class Sneaky {

  private Sneaky() {}

  /**
   * Throws {@code t}; declared to return an exception so callers can write {@code throw raise(t)}.
   */
  public static RuntimeException raise(Throwable t) {
    throw Sneaky.<RuntimeException>cast(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T cast(Throwable t) throws T {
    throw (T) t;
  }
}
