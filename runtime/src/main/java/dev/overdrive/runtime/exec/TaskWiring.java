package dev.overdrive.runtime.exec;

import dev.overdrive.runtime.Bypass;
import dev.overdrive.runtime.Invoker;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.metrics.MeterSink;
import dev.overdrive.runtime.metrics.Meters;

/**
 * What the tasks of an {@code @Async} or {@code @Parallel} method need, resolved on its first
 * call: the executor, a way to run the method's own body, the application's hooks, and the
 * meter sink (held here, since the registry of sinks holds them weakly). Immutable.
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

  public static TaskWiring of(MethodRef method, ClassLoader loader, String executorName) {
    NamedExecutor executor = ExecutorRegistry.named(executorName);
    MeterSink sink = Meters.sinkFor(loader);
    if (sink != null) {
      executor.bindMetrics(sink);
    }
    return new TaskWiring(executor, new Invoker(method, loader), TaskHooksByLoader.of(loader),
        sink);
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
