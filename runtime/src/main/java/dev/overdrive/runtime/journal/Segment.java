package dev.overdrive.runtime.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One segment file, {@code segment-<number>.log}; all fields are guarded by the journal's lock.
 * Written through a {@link RandomAccessFile}, not a {@code FileChannel}: an interrupted thread
 * closes a channel under everyone's feet, and callers of {@code @Async} methods get interrupted.
 */
final class Segment {
  final long number;
  final Path path;

  /** Open while this is the segment appended to; {@code null} once sealed. */
  RandomAccessFile file;

  long size;

  /** Its CALLs without DONE or DEAD: id to the record's offset. */
  final Map<Long, Integer> pending = new LinkedHashMap<>();

  /** The lowest segment a DONE or DEAD record in here resolves a call of. */
  long lowestResolved;

  Segment(long number, Path path) {
    this.number = number;
    this.path = path;
    this.lowestResolved = number;
  }

  static String fileName(long number) {
    return String.format("segment-%010d.log", number);
  }

  /** The segment number of a file name of ours, or -1. */
  static long number(String fileName) {
    if (!fileName.startsWith("segment-") || !fileName.endsWith(".log")) {
      return -1;
    }
    try {
      return Long.parseLong(fileName.substring(8, fileName.length() - 4));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  boolean sealed() {
    return file == null;
  }

  /** Flushes and closes the file: appends go to a newer segment from now on. */
  void seal(Journal.FileSync sync) throws IOException {
    if (file != null) {
      try {
        sync.sync(file);
      } finally {
        file.close();
        file = null;
      }
    }
  }
}
