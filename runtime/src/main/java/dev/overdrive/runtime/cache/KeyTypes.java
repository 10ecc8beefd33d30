package dev.overdrive.runtime.cache;

import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Whether an invalidation's key can ever equal a cache's keys, judged from the declared types of
 * both methods' key parameters. A {@code String} key never equals a {@code long} one: such an
 * invalidation removes nothing, which the user must hear about. Types are resolved once per pair,
 * on first use; a type that cannot be resolved counts as compatible (nothing is claimed).
 */
final class KeyTypes {

  private static final Map<String, Class<?>> BOXES =
      Map.of(
          "boolean",
          Boolean.class,
          "byte",
          Byte.class,
          "char",
          Character.class,
          "short",
          Short.class,
          "int",
          Integer.class,
          "long",
          Long.class,
          "float",
          Float.class,
          "double",
          Double.class);

  private KeyTypes() {}

  /** Why keys of {@code removing} can never be keys of {@code cached}, or null if they can. */
  static String mismatch(
      String[] removing, ClassLoader removingLoader, String[] cached, ClassLoader cachedLoader) {
    if (removing.length != cached.length) {
      return "its key has "
          + removing.length
          + " parameter"
          + (removing.length == 1 ? "" : "s")
          + " and the cache's has "
          + cached.length;
    }
    for (int i = 0; i < removing.length; i++) {
      Class<?> a = resolve(removing[i], removingLoader);
      Class<?> b = resolve(cached[i], cachedLoader);
      if (a != null && b != null && !mayEqual(a, b)) {
        return "its key "
            + (removing.length == 1 ? "" : "parameter " + (i + 1) + " ")
            + "is "
            + removing[i]
            + " and the cache's is "
            + cached[i];
      }
    }
    return null;
  }

  /** Whether some value could be an instance of both (arrays compare by content, as keys do). */
  private static boolean mayEqual(Class<?> a, Class<?> b) {
    if (a.isAssignableFrom(b) || b.isAssignableFrom(a)) {
      return true;
    }
    if (a.isArray() && b.isArray()) {
      return mayEqual(a.getComponentType(), b.getComponentType());
    }
    // An interface and a class that is not final may meet in a subclass.
    return (a.isInterface() && !Modifier.isFinal(b.getModifiers()) && !b.isArray())
        || (b.isInterface() && !Modifier.isFinal(a.getModifiers()) && !a.isArray());
  }

  private static Class<?> resolve(String name, ClassLoader loader) {
    Class<?> box = BOXES.get(name);
    if (box != null) {
      return box;
    }
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException | LinkageError | RuntimeException unknown) {
      return null;
    }
  }
}
