package dev.overdrive.runtime.cache;

import java.util.Arrays;

/**
 * Builds cache keys from parameter values. {@code @Cached} and {@code @CacheInvalidate} use the
 * same rule, so they agree on keys: one non-array value is its own key (no allocation); anything
 * else (several values, an array, no value) becomes a {@link MultiKey} compared by content.
 */
public final class Keys {

  /** The key of a method without key parameters: it has one entry. */
  static final Object EMPTY = new MultiKey(new Object[0]);

  private Keys() {}

  /**
   * The key for {@code args} restricted to {@code indices}; {@code args} may be null when empty.
   * {@code args} must be a fresh array the caller will not change (the advice's own).
   */
  public static Object of(Object[] args, int[] indices) {
    if (indices.length == 0) {
      return EMPTY;
    }
    if (indices.length == 1) {
      return of(args[indices[0]]);
    }
    if (indices.length == args.length && isIdentity(indices) && !holdsArray(args)) {
      return new MultiKey(args); // the advice's own fresh array: no copy needed
    }
    Object[] values = new Object[indices.length];
    for (int i = 0; i < indices.length; i++) {
      values[i] = copyIfArray(args[indices[i]]);
    }
    return new MultiKey(values);
  }

  private static boolean isIdentity(int[] indices) {
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] != i) {
        return false;
      }
    }
    return true;
  }

  private static boolean holdsArray(Object[] values) {
    for (Object v : values) {
      if (v != null && v.getClass().isArray()) {
        return true;
      }
    }
    return false;
  }

  /** The key for a single value. */
  public static Object of(Object value) {
    if (value != null && value.getClass().isArray()) {
      return new MultiKey(new Object[] {copyIfArray(value)});
    }
    return value;
  }

  /** The key's values as method arguments, in key order (the inverse of {@link #of}). */
  static Object[] values(Object key) {
    return key instanceof MultiKey ? ((MultiKey) key).values.clone() : new Object[] {key};
  }

  /** A caller may reuse its array after the call; the key must not change with it. */
  private static Object copyIfArray(Object value) {
    if (value == null || !value.getClass().isArray()) {
      return value;
    }
    if (value instanceof Object[]) {
      return ((Object[]) value).clone();
    }
    if (value instanceof int[]) {
      return ((int[]) value).clone();
    }
    if (value instanceof long[]) {
      return ((long[]) value).clone();
    }
    if (value instanceof byte[]) {
      return ((byte[]) value).clone();
    }
    if (value instanceof char[]) {
      return ((char[]) value).clone();
    }
    if (value instanceof double[]) {
      return ((double[]) value).clone();
    }
    if (value instanceof float[]) {
      return ((float[]) value).clone();
    }
    if (value instanceof short[]) {
      return ((short[]) value).clone();
    }
    return ((boolean[]) value).clone();
  }

  /** Several values, or an array, compared by content. */
  static final class MultiKey {
    final Object[] values;
    private final int hash;

    MultiKey(Object[] values) {
      this.values = values;
      int h = 1;
      for (Object v : values) {
        h = 31 * h + (v == null ? 0 : v.getClass().isArray() ? Arrays.deepHashCode(new Object[] {v})
            : v.hashCode());
      }
      this.hash = h;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      if (!(o instanceof MultiKey) || ((MultiKey) o).hash != hash) {
        return false;
      }
      Object[] others = ((MultiKey) o).values;
      if (others.length != values.length) {
        return false;
      }
      for (int i = 0; i < values.length; i++) {
        Object a = values[i];
        Object b = others[i];
        if (a != b && (a == null || b == null || !(a.getClass().isArray()
            ? Arrays.deepEquals(new Object[] {a}, new Object[] {b}) : a.equals(b)))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public String toString() {
      return Arrays.deepToString(values);
    }
  }
}
