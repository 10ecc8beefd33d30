package dev.overdrive.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * After the method returns normally, removes entries from a {@link Cached} cache. Nothing is
 * removed when the method throws.
 *
 * <pre>{@code
 * @Cached(name = "products")
 * Product find(long id) { ... }
 *
 * @CacheInvalidate(cache = "products", key = 0)
 * void rename(long id, String newName) { ... }
 *
 * @CacheInvalidate(cache = "products", all = true)
 * void reimport() { ... }
 * }</pre>
 *
 * <p>The key is built from this method's parameters exactly as {@link Cached} builds it from the
 * cached method's, so the selected parameters must have the same types, in the same order, as the
 * cached method's key parameters. A name that no loaded class defines is reported once, when the
 * method is first invoked.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(CacheInvalidate.List.class)
public @interface CacheInvalidate {

  /** The {@link Cached#name()} of the cache to remove entries from. */
  String cache();

  /** Indices (from 0) of this method's parameters that form the key to remove; empty means all. */
  int[] key() default {};

  /** Remove every entry of the cache instead of one key. */
  boolean all() default false;

  /** Several invalidations on one method. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    CacheInvalidate[] value();
  }
}
