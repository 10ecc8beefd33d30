package dev.overdrive.runtime.journal;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.config.Config;

/** When {@link Journal#append} returns, per {@code overdrive.journal.sync}. */
public enum Sync {
  /** After its own fsync. */
  ALWAYS,
  /** After an fsync that covers it, shared with every record appended meanwhile (group commit). */
  BATCH,
  /** After the write: the OS decides when it reaches the disk (a process crash loses nothing). */
  NONE;

  /** {@code always}, {@code batch} or {@code none}, any case; else told, and {@code batch}. */
  public static Sync from(Config config) {
    String value = config.raw(Config.JOURNAL_SYNC);
    if (value == null || value.isEmpty()) {
      return BATCH;
    }
    for (Sync s : values()) {
      if (s.name().equalsIgnoreCase(value)) {
        return s;
      }
    }
    Log.warn(Config.JOURNAL_SYNC, "\"" + value + "\" is not always, batch or none; using batch");
    return BATCH;
  }
}
