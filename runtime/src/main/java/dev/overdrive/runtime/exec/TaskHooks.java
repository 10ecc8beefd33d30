package dev.overdrive.runtime.exec;

/**
 * The application's side of running its code on our threads, in JDK types: carrying its context
 * (SLF4J's MDC, its {@code ContextCarrier}s) and telling its {@code AsyncFailureHandler}s.
 * Implemented by {@code bridge.BridgedTaskHooks}, defined in the application's class loader.
 */
public interface TaskHooks {

  /** Nothing to carry, nobody to tell. */
  TaskHooks NONE =
      new TaskHooks() {
        @Override
        public Object capture() {
          return null;
        }

        @Override
        public Object restore(Object captured) {
          return null;
        }

        @Override
        public void reset(Object previous) {}

        @Override
        public void failed(String method, Throwable failure) {}
      };

  /** On the calling thread. */
  Object capture();

  /** On the running thread: installs {@code captured}, returns what {@link #reset} puts back. */
  Object restore(Object captured);

  void reset(Object previous);

  /** An {@code @Async void} method failed: hand it to the application's handlers. */
  void failed(String method, Throwable failure);
}
