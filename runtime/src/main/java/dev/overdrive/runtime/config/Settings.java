package dev.overdrive.runtime.config;

import java.util.EnumSet;
import java.util.Set;

/**
 * The agent's switches, read once at start-up ({@link Config} names and documents them). Immutable.
 */
public final class Settings {

  /** The annotations the agent knows, by their simple name as used in property names. */
  public enum Feature {
    CACHED,
    BATCHED,
    ASYNC,
    PARALLEL
  }

  private final boolean report;
  private final Set<Feature> disabledFeatures;
  private final Set<String> disabledMethods;

  private Settings(boolean report, Set<Feature> disabledFeatures, Set<String> disabledMethods) {
    this.report = report;
    this.disabledFeatures = disabledFeatures;
    this.disabledMethods = disabledMethods;
  }

  public static Settings from(Config config) {
    Set<Feature> off = EnumSet.noneOf(Feature.class);
    for (Feature f : Feature.values()) {
      if (!config.bool(Config.feature(f), true)) {
        off.add(f);
      }
    }
    return new Settings(
        config.bool(Config.REPORT, false), Set.copyOf(off), config.list(Config.DISABLE));
  }

  public boolean report() {
    return report;
  }

  public boolean isEnabled(Feature feature) {
    return !disabledFeatures.contains(feature);
  }

  /** Whether {@code overdrive.disable} lists {@code className#method} or {@code className#*}. */
  public boolean isDisabled(String className, String method) {
    return !disabledMethods.isEmpty()
        && (disabledMethods.contains(className + "#" + method)
            || disabledMethods.contains(className + "#*"));
  }
}
