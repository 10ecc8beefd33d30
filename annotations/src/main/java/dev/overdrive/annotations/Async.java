package dev.overdrive.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the method on a named executor and returns at once.
 *
 * <pre>{@code
 * @Async
 * void audit(Order order) { journal.append(order); }       // fire-and-forget
 *
 * @Async(executor = "io")
 * CompletableFuture<Report> build(long id) { return CompletableFuture.completedFuture(slow(id)); }
 * }</pre>
 *
 * <p>Return types: {@code void} (fire-and-forget) or {@code CompletableFuture}, {@code
 * CompletionStage} or {@code Future}: the returned future completes with the body's result
 * (flattened when the body itself returns a future). An exception of a {@code void} method is
 * logged with the method's name and counted, never silently lost; for a future it completes the
 * future exceptionally.
 *
 * <p>Executors are configured by system properties: {@code overdrive.executor.<name>.threads} and
 * {@code overdrive.executor.<name>.queue}.
 *
 * <p>{@code orderBy} keeps order per key (sharding): calls whose parameter {@code orderBy} is equal
 * run one at a time, in the order they were made; calls with different values run concurrently.
 *
 * <pre>{@code
 * @Async(orderBy = 0)
 * void apply(long accountId, Transfer t) { ledger.apply(accountId, t); }   // per account, in order
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Async {

  /** Name of the executor the method runs on. */
  String executor() default "default";

  /**
   * Index of the parameter whose equal values run one at a time, in call order ({@code -1}: none).
   * Values compare as cache keys do: {@code equals}, arrays by content, {@code null} a value like
   * any other.
   */
  int orderBy() default -1;

  /**
   * Journal each call before it returns, so a call that has not finished when the JVM dies (a
   * crash, {@code kill -9}, a lost node) runs after restart: at least once, so make the body
   * idempotent ({@code Overdrive.durableCallId()} gives the call's journal id). A static method's
   * calls run again as its class loads; an instance method's on the first instance of its class
   * constructed after restart, so put durable methods on stateless services (Spring singletons). A
   * call that throws is retried with backoff, then kept as dead. Parameters must be serializable;
   * arguments are read back under an allow-list.
   */
  boolean durable() default false;
}
