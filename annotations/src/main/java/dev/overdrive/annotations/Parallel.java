package dev.overdrive.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Splits the method's first {@code List}/{@code Collection} parameter into chunks, runs the method
 * on each chunk concurrently, and merges the results.
 *
 * <pre>{@code
 * @Parallel(chunkSize = 10, maxConcurrency = 8)
 * List<Price> price(List<Sku> skus) { ... }     // called once per chunk of 10 skus
 * }</pre>
 *
 * <p>Merging: {@code List} results are concatenated in input order, {@code Map} results merged,
 * {@code Set}/{@code Collection} results combined, numeric results summed, {@code void} waits for
 * all chunks. If a chunk throws, the caller gets that exception (the others attached as suppressed)
 * and chunks not yet started are cancelled.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Parallel {

  /** Elements per chunk. */
  int chunkSize() default 1;

  /** Chunks running at once; 0 means the number of processors. */
  int maxConcurrency() default 0;

  /** Name of the executor the chunks run on. */
  String executor() default "default";
}
