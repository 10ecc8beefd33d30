package dev.overdrive.runtime;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;

/**
 * Ties the runtime's per-method state to the life of the application classes it serves, so a
 * redeployed application (its class loader dropped) takes its caches, batchers and meters with it
 * instead of being kept alive by the runtime, which lives as long as the JVM.
 *
 * <p>Design. A site's state is strongly reachable only from the class it belongs to, through a
 * {@link ClassValue} (the JDK's way to hang data on a class without keeping it alive); the site
 * tables hold it weakly. A site is anchored the first time its method runs, when the advice hands
 * over the class; until then it holds nothing of the application's. What must be undone when a site
 * is collected (meters registered in a registry that outlives it) runs on the cleaner's thread. The
 * runtime's own threads start with the system class loader as context loader, no inherited thread
 * locals and no inherited access control context, so they do not pin the class loader of whoever
 * created them.
 */
public final class Lifecycle {

  private static final ClassValue<List<Object>> ANCHORS =
      new ClassValue<>() {
        @Override
        protected List<Object> computeValue(Class<?> type) {
          return new ArrayList<>(2);
        }
      };

  private static final Cleaner CLEANER = Cleaner.create(r -> thread("overdrive-cleaner", r));

  private Lifecycle() {}

  /** Keeps {@code state} alive exactly as long as {@code type}. */
  public static void anchor(Class<?> type, Object state) {
    List<Object> anchored = ANCHORS.get(type);
    synchronized (anchored) {
      anchored.add(state);
    }
  }

  /** Runs {@code action} once {@code state} is unreachable; {@code action} must not refer to it. */
  public static void whenCollected(Object state, Runnable action) {
    CLEANER.register(state, action);
  }

  /**
   * A daemon thread of ours: system class loader as context loader, no inherited thread locals, so
   * it pins no application class loader.
   */
  @SuppressWarnings("removal")
  public static Thread thread(String name, Runnable task) {
    // Created in a privileged block so the thread's inherited access control context holds only
    // our frames: the caller's stack may hold application classes, whose protection domains
    // reference their class loader (Java 17 captures that context in every new thread).
    return java.security.AccessController.doPrivileged(
        (java.security.PrivilegedAction<Thread>)
            () -> {
              Thread t = new Thread(null, task, name, 0, false);
              t.setDaemon(true);
              t.setContextClassLoader(ClassLoader.getSystemClassLoader());
              return t;
            });
  }
}
