package dev.overdrive.runtime.config;

import java.util.Collections;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * The agent's switches, read once from system properties at start-up. Immutable.
 *
 * <p>{@code overdrive.enabled}, {@code overdrive.<feature>.enabled}, {@code overdrive.disable}
 * and {@code overdrive.report} are described in README.
 */
public final class Settings {

  /** The annotations the agent knows, by their simple name as used in property names. */
  public enum Feature {
    CACHED, BATCHED, ASYNC, PARALLEL;

    String property() {
      return "overdrive." + name().toLowerCase(java.util.Locale.ROOT) + ".enabled";
    }
  }

  private final boolean enabled;
  private final boolean report;
  private final Set<Feature> disabledFeatures;
  private final Set<String> disabledMethods;

  private Settings(boolean enabled, boolean report, Set<Feature> disabledFeatures,
      Set<String> disabledMethods) {
    this.enabled = enabled;
    this.report = report;
    this.disabledFeatures = disabledFeatures;
    this.disabledMethods = disabledMethods;
  }

  public static Settings from(Properties p) {
    Set<Feature> off = new HashSet<>();
    for (Feature f : Feature.values()) {
      if (isFalse(p.getProperty(f.property()))) {
        off.add(f);
      }
    }
    return new Settings(!isFalse(p.getProperty("overdrive.enabled")),
        "true".equalsIgnoreCase(p.getProperty("overdrive.report", "").trim()),
        Collections.unmodifiableSet(off), list(p.getProperty("overdrive.disable", "")));
  }

  private static Set<String> list(String commaSeparated) {
    Set<String> entries = new HashSet<>();
    for (String entry : commaSeparated.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.trim());
      }
    }
    return Collections.unmodifiableSet(entries);
  }

  private static boolean isFalse(String value) {
    return value != null && "false".equalsIgnoreCase(value.trim());
  }

  public boolean enabled() {
    return enabled;
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
