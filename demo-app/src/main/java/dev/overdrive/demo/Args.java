package dev.overdrive.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line flags of the form {@code --name=value} (or {@code --name} for {@code true}). */
public final class Args {

  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  public static Args parse(String... argv) {
    Args a = new Args();
    for (String arg : argv) {
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
          a.values.put(arg.substring(2), "true");
        } else {
          a.values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
      } else {
        a.positional.add(arg);
      }
    }
    return a;
  }

  /** Fails on a flag that is not in {@code known}, so a misspelt flag is not silently ignored. */
  public Args allow(Set<String> known) {
    for (String name : values.keySet()) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown flag --"
                + name
                + " (known: --"
                + String.join(", --", known.stream().sorted().toList())
                + ")");
      }
    }
    return this;
  }

  public List<String> positional() {
    return positional;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int integer(String name, int fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.replace("_", "").replace(",", "").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + "=" + v + " is not a whole number");
    }
  }

  public boolean bool(String name, boolean fallback) {
    String v = values.get(name);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("--" + name + "=" + v + " is not true/false");
    };
  }

  public Duration duration(String name, Duration fallback) {
    String v = values.get(name);
    return v == null ? fallback : duration(v, "--" + name);
  }

  /** {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}, {@code 1h}; a bare number is seconds. */
  public static Duration duration(String text, String what) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          what + "=" + text + " is not a duration (use 500ms, 10s, 1m)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis =
        switch (unit) {
          case "ms" -> n;
          case "s" -> n * 1_000;
          case "m" -> n * 60_000;
          default -> n * 3_600_000;
        };
    return Duration.ofNanos((long) (millis * 1_000_000));
  }

  /** {@code 1500ms} as {@code 1.5s}, {@code 60s} as {@code 1m}, for printing. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 60_000 == 0 && ms > 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1_000 == 0) {
      return ms / 1_000 + "s";
    }
    if (ms > 1_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return ms + "ms";
  }
}
