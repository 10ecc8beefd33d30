package dev.overdrive.runtime.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** Parses the duration strings the annotations accept: {@code 500ms 10s 5m 1h 2d} and ISO-8601. */
public final class Durations {

  private Durations() {}

  /**
   * Parses {@code text}, or returns {@code null} for an empty string.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Duration parse(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      return null;
    }
    if (s.charAt(0) == 'P' || s.charAt(0) == 'p' || s.startsWith("-P")) {
      try {
        return requireNonNegative(text, Duration.parse(s));
      } catch (DateTimeParseException e) {
        throw notADuration(text);
      }
    }
    int unitStart = 0;
    while (unitStart < s.length() && Character.isDigit(s.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0 || unitStart == s.length()) {
      throw notADuration(text);
    }
    long amount;
    try {
      amount = Long.parseLong(s.substring(0, unitStart));
    } catch (NumberFormatException e) {
      throw notADuration(text);
    }
    try {
      switch (s.substring(unitStart).trim().toLowerCase(java.util.Locale.ROOT)) {
        case "ns":
          return Duration.ofNanos(amount);
        case "us":
          return Duration.ofNanos(Math.multiplyExact(amount, 1_000L));
        case "ms":
          return Duration.ofMillis(amount);
        case "s":
          return Duration.ofSeconds(amount);
        case "m":
          return Duration.ofMinutes(amount);
        case "h":
          return Duration.ofHours(amount);
        case "d":
          return Duration.ofDays(amount);
        default:
          throw notADuration(text);
      }
    } catch (ArithmeticException e) {
      throw notADuration(text);
    }
  }

  private static Duration requireNonNegative(String text, Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("\"" + text + "\" is negative");
    }
    return d;
  }

  private static IllegalArgumentException notADuration(String text) {
    return new IllegalArgumentException(
        "\""
            + text
            + "\" is not a duration (use 500ms, 10s, 5m, 1h, 2d or ISO-8601 such as PT10M)");
  }
}
