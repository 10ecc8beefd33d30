package dev.overdrive.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Coalesces concurrent single-key calls into one call of a bulk method (request collapsing): N
 * threads each asking for one row become one {@code WHERE id IN (...)}.
 *
 * <pre>{@code
 * @Batched(via = "findAll", maxSize = 200, maxDelay = "2ms")
 * CompletableFuture<Product> find(Long id) { ... }      // body not used: the bulk method answers
 *
 * Map<Long, Product> findAll(Collection<Long> ids) { ... }
 * }</pre>
 *
 * <p>The annotated method takes exactly one parameter, the key, and returns the value type or a
 * {@code CompletableFuture} of it (then no caller thread is blocked). Every caller gets the value
 * for its own key; a key missing from the bulk result gives {@code null}; if the bulk call throws,
 * every caller of that batch gets that exception; equal keys within one batch are sent once; a bulk
 * call never holds more than {@link #maxSize()} keys; batches are kept per instance. A {@code null}
 * key is answered {@code null} at once and never sent to the bulk method, so a bulk method that
 * rejects null cannot fail the other callers of its batch.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Batched {

  /**
   * Name of a method in the same class that takes a {@code Collection}, {@code List} or {@code Set}
   * of keys and returns either a {@code Map} (value by key) or a {@code List} (values in the order
   * of the keys it was given).
   */
  String via();

  /** Most keys in one bulk call; larger demand is split into several calls. */
  int maxSize() default 100;

  /** Longest a call waits for companions before its batch is sent. */
  String maxDelay() default "2ms";
}
