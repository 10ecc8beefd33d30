package dev.overdrive.runtime.exec;

import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.Invoker;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.metrics.MeterSink;
import dev.overdrive.runtime.metrics.Meters;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the tasks of an {@code @Async} or {@code @Parallel} method need, resolved on its first call:
 * the executor, a way to run the method's own body, the application's hooks, and the meter sink
 * (held here, since the registry of sinks holds them weakly). Immutable.
 */
public final class TaskWiring {

  public final NamedExecutor executor;
  public final TaskHooks hooks;

  /** {@code null} without Micrometer. */
  public final MeterSink sink;

  private final Invoker invoker;

  private TaskWiring(NamedExecutor executor, Invoker invoker, TaskHooks hooks, MeterSink sink) {
    this.executor = executor;
    this.invoker = invoker;
    this.hooks = hooks;
    this.sink = sink;
  }

  /**
   * Starts, in the background, the slow part of {@link #of}: the executor is created, and a method
   * handle to the body is made once and dropped, which warms the JVM's method handle machinery (and
   * this method's own linkage) for the real one. Called when the site is registered, as the class
   * loads. The future holds the executor only: a site that is never called must hold nothing of the
   * application's.
   */
  public static CompletableFuture<NamedExecutor> prewire(
      MethodRef method, ClassLoader loader, String executorName) {
    return Prewire.ahead(
        () -> {
          NamedExecutor executor = ExecutorRegistry.named(executorName);
          new Invoker(method, loader);
          return executor;
        });
  }

  /** What a site's tasks need; takes the executor from {@code prewired} when it is ready. */
  public static TaskWiring of(
      MethodRef method,
      ClassLoader loader,
      String executorName,
      CompletableFuture<NamedExecutor> prewired) {
    NamedExecutor ready = prewired == null ? null : prewired.getNow(null);
    NamedExecutor executor = ready != null ? ready : ExecutorRegistry.named(executorName);
    MeterSink sink = Meters.sinkFor(loader);
    if (sink != null) {
      executor.bindMetrics(sink);
    }
    return new TaskWiring(
        executor, new Invoker(method, loader), TaskHooksByLoader.of(loader), sink);
  }

  /** A site's count, read by Micrometer when it scrapes. */
  public record Counter(String name, String description, LongAdder count) {}

  /**
   * Registers {@code site}'s counters with the application's Micrometer, tagged {@code tags}, and
   * unregisters them once the site is collected; nothing without Micrometer.
   */
  public void counters(Object site, String[] tags, Counter... counters) {
    if (sink == null) {
      return;
    }
    List<Runnable> removers = new ArrayList<>();
    for (Counter c : counters) {
      sink.counter(c.name(), c.description(), c.count(), LongAdder::doubleValue, removers, tags);
    }
    Meters.removeWhenCollected(site, removers);
  }

  /** Runs the method's body: the {@link Bypass} mark makes its advice step aside once. */
  public Object callBody(int kind, int site, Object self, Object[] args) {
    Bypass.set(kind, site);
    try {
      return invoker.invoke(self, args);
    } finally {
      Bypass.clear();
    }
  }
}
