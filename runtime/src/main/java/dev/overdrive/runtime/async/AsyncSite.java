package dev.overdrive.runtime.async;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.FirstCall;
import dev.overdrive.runtime.SiteTable;
import dev.overdrive.runtime.cache.Keys;
import dev.overdrive.runtime.exec.CarriedTask;
import dev.overdrive.runtime.exec.NamedExecutor;
import dev.overdrive.runtime.exec.TaskWiring;
import dev.overdrive.runtime.metrics.Meters;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code @Async} method. A call hands a task to the method's executor and returns at once;
 * the task calls the method again with a {@link Bypass} mark, so the body runs there exactly once
 * and the advice does not submit it a second time. A {@code void} method's failure is logged,
 * counted and given to the application's {@code AsyncFailureHandler}s; otherwise the returned
 * future carries the body's result or exception, flattened when the body returns a future.
 */
public final class AsyncSite extends FirstCall<TaskWiring> {

  /** What the advice of a {@code void} method gets back: submitted, skip the body. */
  public static final Object SUBMITTED = Boolean.TRUE;

  /** Every {@code @Async} method's site, by the id bound into its advice. */
  public static final SiteTable<AsyncSite> SITES = new SiteTable<>();

  private final int id;
  private final MethodRef method;
  private final boolean returnsFuture;
  private final String executorName;
  /** The parameter ordering calls ({@code -1}: none); its lanes are made with the wiring. */
  private final int orderBy;
  private final int[] orderIndex;
  private volatile OrderedLanes lanes;
  private final WeakReference<ClassLoader> loader;
  /** The executor, made in the background as the class loaded (the runtime's, not the app's). */
  private CompletableFuture<NamedExecutor> prewired;
  private final LongAdder submitted = new LongAdder();
  private final LongAdder failed = new LongAdder();

  private AsyncSite(int id, AsyncSpec spec, ClassLoader loader) {
    this.id = id;
    this.method = spec.method();
    this.returnsFuture = spec.returnsFuture();
    this.executorName = spec.executor();
    this.orderBy = spec.orderBy();
    this.orderIndex = new int[] {orderBy};
    this.loader = new WeakReference<>(loader);
    this.prewired = TaskWiring.prewire(method, loader, executorName);
  }

  /** See {@link SiteTable#register}. */
  public static int register(AsyncSpec spec, ClassLoader loader, List<Runnable> undo) {
    return SITES.register(loader, spec.method().identity(),
        id -> new AsyncSite(id, spec, loader), undo);
  }

  /** The id of {@code method}'s site, or -1 when the method is not {@code @Async}. */
  public static int find(MethodRef method, ClassLoader loader) {
    return SITES.find(loader, method.identity());
  }

  /**
   * Submits the call; returns {@code null} when this call is the task's own re-invocation (run
   * the body), else the future to return or {@link #SUBMITTED}.
   */
  public Object submit(Class<?> type, Object self, Object[] args) {
    if (Bypass.consume(Bypass.ASYNC, id)) {
      return null;
    }
    TaskWiring w = wiring(type);
    submitted.increment();
    if (!returnsFuture) {
      execute(w, args, new VoidCall(w, self, args));
      return SUBMITTED;
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    execute(w, args, new FutureCall(w, self, args, result));
    return result;
  }

  private void execute(TaskWiring w, Object[] args, Runnable task) {
    if (orderBy < 0) {
      w.executor.execute(task);
    } else {
      // The same rule as cache keys: equals, arrays by content.
      lanes.execute(Keys.of(args, orderIndex), task);
    }
  }

  @Override
  protected void anchor(Class<?> type) {
    SITES.anchor(type, this);
  }

  /** The executor, the body, the hooks; the meters registered. */
  @Override
  protected TaskWiring wire() {
    TaskWiring w = TaskWiring.of(method, loader.get(), executorName, prewired);
    prewired = null; // what it holds now lives in the wiring
    if (w.sink != null) {
      List<Runnable> removers = new ArrayList<>();
      String[] tags = {"executor", executorName, "method", method.toString()};
      w.sink.counter("overdrive.async.submitted", "@Async calls submitted", submitted,
          LongAdder::doubleValue, removers, tags);
      w.sink.counter("overdrive.async.failed", "@Async calls that failed", failed,
          LongAdder::doubleValue, removers, tags);
      Meters.removeWhenCollected(this, removers);
    }
    if (orderBy >= 0) {
      NamedExecutor executor = w.executor;
      lanes = new OrderedLanes(method.toString(), executor::execute);
    }
    return w;
  }

  private final class VoidCall extends CarriedTask {
    private final TaskWiring w;
    private final Object self;
    private final Object[] args;

    VoidCall(TaskWiring w, Object self, Object[] args) {
      super(w.hooks);
      this.w = w;
      this.self = self;
      this.args = args;
    }

    @Override
    protected void runWithContext() {
      try {
        w.callBody(Bypass.ASYNC, id, self, args);
      } catch (Throwable t) {
        failed.increment();
        Log.failure(method.toString(), "@Async method failed on thread "
            + Thread.currentThread().getName(), t);
        w.hooks.failed(method.toString(), t);
      }
    }
  }

  private final class FutureCall extends CarriedTask {
    private final TaskWiring w;
    private final Object self;
    private final Object[] args;
    private final CompletableFuture<Object> result;

    FutureCall(TaskWiring w, Object self, Object[] args, CompletableFuture<Object> result) {
      super(w.hooks);
      this.w = w;
      this.self = self;
      this.args = args;
      this.result = result;
    }

    @Override
    protected void runWithContext() {
      Object value;
      try {
        value = w.callBody(Bypass.ASYNC, id, self, args);
      } catch (Throwable t) {
        fail(t);
        return;
      }
      try {
        flatten(value);
      } catch (Throwable t) {
        // A future of the body's that misbehaves (throws from whenComplete, say) still fails
        // the caller's future rather than leave it pending for ever.
        fail(t);
      }
    }

    /** Completes the caller's future with the body's result, or with the outcome of its future. */
    private void flatten(Object value) {
      if (value != null && value.getClass() == CompletableFuture.class
          && ((CompletableFuture<?>) value).isDone()
          && !((CompletableFuture<?>) value).isCompletedExceptionally()) {
        // The common body, `return completedFuture(x)`: no callback and its future to allocate.
        // Exactly CompletableFuture: subclasses such as completedStage()'s refuse isDone().
        result.complete(((CompletableFuture<?>) value).join());
      } else if (value instanceof CompletionStage) {
        ((CompletionStage<?>) value).whenComplete((v, t) -> {
          if (t != null) {
            fail(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
          } else {
            result.complete(v);
          }
        });
      } else if (value instanceof Future) {
        try {
          result.complete(((Future<?>) value).get());
        } catch (ExecutionException e) {
          fail(e.getCause());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail(e);
        }
      } else {
        result.complete(value);
      }
    }

    private void fail(Throwable t) {
      failed.increment();
      result.completeExceptionally(t);
    }
  }
}
