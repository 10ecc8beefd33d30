package dev.overdrive.runtime.exec;

/**
 * A task that runs with its submitter's context: thread-context class loader and whatever the
 * application's {@link TaskHooks} carry. What the running thread had before is put back after,
 * which matters when the submitter runs the task itself (a full queue).
 */
public abstract class CarriedTask implements Runnable {

  private final TaskHooks hooks;
  private final ClassLoader contextLoader;
  private final Object captured;

  protected CarriedTask(TaskHooks hooks) {
    this.hooks = hooks;
    this.contextLoader = Thread.currentThread().getContextClassLoader();
    this.captured = hooks.capture();
  }

  @Override
  public final void run() {
    Thread thread = Thread.currentThread();
    ClassLoader previousLoader = thread.getContextClassLoader();
    thread.setContextClassLoader(contextLoader);
    Object previous = hooks.restore(captured);
    try {
      runWithContext();
    } finally {
      hooks.reset(previous);
      thread.setContextClassLoader(previousLoader);
    }
  }

  protected abstract void runWithContext();
}
