package dev.overdrive.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The runtime's one JVM shutdown hook, running its steps in order: pending batches are sent first,
 * then executors are drained, so nothing queued is lost, then the journal is closed (what drained
 * is resolved in it). Registered on first need.
 */
public final class Shutdown {

  /** When a step runs: lower first. */
  public enum Phase {
    FLUSH,
    DRAIN,
    CLOSE
  }

  private static final List<List<Runnable>> STEPS = new ArrayList<>();
  private static boolean hooked;

  private Shutdown() {}

  public static synchronized void register(Phase phase, Runnable step) {
    if (!hooked) {
      for (int i = 0; i < Phase.values().length; i++) {
        STEPS.add(new ArrayList<>());
      }
      Runtime.getRuntime().addShutdownHook(Lifecycle.thread("overdrive-shutdown", Shutdown::run));
      hooked = true;
    }
    STEPS.get(phase.ordinal()).add(step);
  }

  private static void run() {
    List<List<Runnable>> steps;
    synchronized (Shutdown.class) {
      steps = new ArrayList<>(STEPS);
    }
    for (List<Runnable> phase : steps) {
      for (Runnable step : new ArrayList<>(phase)) {
        try {
          step.run();
        } catch (Throwable t) {
          Log.failure("shutdown", "a shutdown step failed", t);
        }
      }
    }
  }
}
