package dev.overdrive.runtime;

/**
 * Stands for a {@code null} result where {@code null} already means something else: a cached null
 * (a miss is null) and a batched null (the advice skips the body on a non-null value).
 */
public final class NullValue {

  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private NullValue() {}

  /** {@code null} for {@link #NULL}, the value itself otherwise. */
  public static Object unwrap(Object stored) {
    return stored == NULL ? null : stored;
  }

  /** {@link #NULL} for {@code null}. */
  public static Object wrap(Object value) {
    return value == null ? NULL : value;
  }
}
