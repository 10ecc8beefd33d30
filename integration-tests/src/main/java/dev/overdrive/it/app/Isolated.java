package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;

/**
 * Loaded by the scenario through its own {@code URLClassLoader} whose parent cannot see the
 * application class path (as in an application server): its advice must still reach the runtime.
 */
public class Isolated {

  public static int calls;

  @Cached
  public static String compute(String key) {
    calls++;
    return "isolated-" + key;
  }
}
