package dev.overdrive.runtime.journal;

import java.io.IOException;

/**
 * Another JVM (or another journal in this one) holds the directory's lock file: its message is the
 * one line to print before running durable calls as plain {@code @Async}.
 */
public final class JournalLockedException extends IOException {
  private static final long serialVersionUID = 1L;

  JournalLockedException(String message) {
    super(message);
  }
}
