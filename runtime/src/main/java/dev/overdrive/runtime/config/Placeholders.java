package dev.overdrive.runtime.config;

import java.util.Properties;

/** Resolves {@code ${property.name:default}} in annotation strings from system properties. */
public final class Placeholders {

  private Placeholders() {}

  /**
   * Replaces every {@code ${name}} or {@code ${name:default}} in {@code text}.
   *
   * @throws IllegalArgumentException when a property is unset and has no default, or a placeholder
   *     is not closed
   */
  public static String resolve(String text, Properties properties) {
    int start = text.indexOf("${");
    if (start < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    while (start >= 0) {
      int end = text.indexOf('}', start);
      if (end < 0) {
        throw new IllegalArgumentException("\"" + text + "\" has an unclosed ${");
      }
      out.append(text, from, start);
      String body = text.substring(start + 2, end);
      int colon = body.indexOf(':');
      String name = colon < 0 ? body : body.substring(0, colon);
      String value = properties.getProperty(name.trim());
      if (value == null) {
        if (colon < 0) {
          throw new IllegalArgumentException(
              "\"" + text + "\": property " + name + " is not set and has no default");
        }
        value = body.substring(colon + 1);
      }
      out.append(value);
      from = end + 1;
      start = text.indexOf("${", from);
    }
    return out.append(text, from, text.length()).toString();
  }
}
