package dev.overdrive.it.app;

import dev.overdrive.annotations.Cached;

/** A cache used only by the metrics check, so its counts are exact. */
public class Metered {

  @Cached(name = "metered", maxSize = 2)
  public String lookup(String key) {
    return key.toUpperCase(java.util.Locale.ROOT);
  }
}
