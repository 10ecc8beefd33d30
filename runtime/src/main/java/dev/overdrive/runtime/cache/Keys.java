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

  /**
   * What a single {@code null} key is stored as (Caffeine and {@code ConcurrentHashMap} take no
   * null key): a constant, so a null key costs nothing more than any other.
   */
  static final Object NULL_KEY =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private Keys() {}

  /**
   * The key for {@code args} restricted to {@code indices}; {@code args} may be null when empty.
   * {@code args} must be a fresh array the caller will not change (the advice's own).
   */
  public static Object of(Object[] args, int[] indices) {
    return of(args, indices, inOrder(indices));
  }

  /**
   * As {@link #of(Object[], int[])}, where {@code inOrder} is {@link #inOrder inOrder(indices)},
   * computed once per method by the caller: the hit path of a method keyed by all its parameters
   * then wraps the advice's array as it is, hashing it in the same pass that checks it holds no
   * array.
   */
  public static Object of(Object[] args, int[] indices, boolean inOrder) {
    if (indices.length == 0) {
      return EMPTY;
    }
    if (indices.length == 1) {
      return of(args[indices[0]]);
    }
    if (inOrder && indices.length == args.length) {
      // The advice's own fresh array is the key, no copy; its hash is Arrays.deepHashCode(args),
      // which for values that are not arrays is this sum.
      int hash = 1;
      for (Object v : args) {
        if (v != null && v.getClass().isArray()) {
          return copied(args, indices);
        }
        hash = 31 * hash + hashOfNonArray(v);
      }
      return new MultiKey(args, hash);
    }
    return copied(args, indices);
  }

  /** True if {@code indices} is 0, 1, 2...: the key is every parameter, in order. */
  public static boolean inOrder(int[] indices) {
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] != i) {
        return false;
      }
    }
    return true;
  }

  private static MultiKey copied(Object[] args, int[] indices) {
    Object[] values = new Object[indices.length];
    for (int i = 0; i < indices.length; i++) {
      values[i] = copyIfArray(args[indices[i]]);
    }
    return new MultiKey(values);
  }

  /**
   * The common key types tested first: their {@code hashCode} and {@code equals} then inline, where
   * one call site shared by every key type would be a megamorphic virtual call.
   */
  private static int hashOfNonArray(Object v) {
    if (v instanceof String) {
      return ((String) v).hashCode();
    }
    if (v instanceof Integer) {
      return ((Integer) v).hashCode();
    }
    if (v instanceof Long) {
      return ((Long) v).hashCode();
    }
    return v == null ? 0 : v.hashCode();
  }

  /**
   * {@code a.equals(b)} for non-null values, content-wise for arrays (the common types first, as in
   * {@link #hashOfNonArray}).
   */
  private static boolean sameValue(Object a, Object b) {
    if (a instanceof String) {
      return ((String) a).equals(b);
    }
    if (a instanceof Integer) {
      return ((Integer) a).equals(b);
    }
    if (a instanceof Long) {
      return ((Long) a).equals(b);
    }
    return a.getClass().isArray()
        ? Arrays.deepEquals(new Object[] {a}, new Object[] {b})
        : a.equals(b);
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
    if (key == NULL_KEY) {
      return new Object[] {null};
    }
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
      this(values, Arrays.deepHashCode(values));
    }

    /** {@code hash} must be what {@link Arrays#deepHashCode} gives for {@code values}. */
    MultiKey(Object[] values, int hash) {
      this.values = values;
      this.hash = hash;
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
        if (a != b && (a == null || b == null || !sameValue(a, b))) {
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
