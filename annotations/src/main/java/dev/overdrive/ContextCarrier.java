package dev.overdrive;

/**
 * Carries thread-bound state (a {@code ThreadLocal} of yours: a tenant, a security principal, a
 * trace) from the thread that calls an {@code @Async} or {@code @Parallel} method to the thread
 * that runs it. Implementations are found with {@link java.util.ServiceLoader} in the application's
 * class loader (list them in {@code META-INF/services/dev.overdrive.ContextCarrier}).
 *
 * <p>The thread-context class loader and SLF4J's MDC are carried without one.
 *
 * <pre>{@code
 * public final class TenantCarrier implements ContextCarrier {
 *   public Object capture() { return Tenant.CURRENT.get(); }
 *   public Object restore(Object captured) {
 *     Object previous = Tenant.CURRENT.get();
 *     Tenant.CURRENT.set((String) captured);
 *     return previous;
 *   }
 *   public void reset(Object previous) { Tenant.CURRENT.set((String) previous); }
 * }
 * }</pre>
 */
public interface ContextCarrier {

  /** On the calling thread: the state to carry (may be null). */
  Object capture();

  /**
   * On the thread about to run the task: installs {@code captured} and returns what was there
   * before, for {@link #reset}. The task may run on the calling thread itself (when an executor's
   * queue is full), so never assume the thread starts empty.
   */
  Object restore(Object captured);

  /** On the same thread after the task: puts back what {@link #restore} returned. */
  void reset(Object previous);
}
