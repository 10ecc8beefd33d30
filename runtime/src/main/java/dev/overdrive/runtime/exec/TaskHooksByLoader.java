package dev.overdrive.runtime.exec;

import dev.overdrive.runtime.Bridges;
import dev.overdrive.runtime.Log;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/** The {@link TaskHooks} of each application class loader, bridged once. */
public final class TaskHooksByLoader {

  /** Held weakly both ways (a bridge's class pins its loader's parent); sites hold theirs. */
  private static final Map<ClassLoader, WeakReference<TaskHooks>> BY_LOADER = new WeakHashMap<>();

  private TaskHooksByLoader() {}

  public static synchronized TaskHooks of(ClassLoader application) {
    if (application == null) {
      return TaskHooks.NONE;
    }
    WeakReference<TaskHooks> known = BY_LOADER.get(application);
    TaskHooks hooks = known == null ? null : known.get();
    if (hooks == null) {
      try {
        hooks = Bridges.create(application, "BridgedTaskHooks", TaskHooks.class);
      } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
        Log.warn(
            "context",
            "cannot load the application's ContextCarrier and"
                + " AsyncFailureHandler services, only the context class loader is carried: "
                + e);
        hooks = TaskHooks.NONE;
      }
      BY_LOADER.put(application, new WeakReference<>(hooks));
    }
    return hooks;
  }
}
