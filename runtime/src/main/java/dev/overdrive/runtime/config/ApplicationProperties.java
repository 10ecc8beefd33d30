package dev.overdrive.runtime.config;

import dev.overdrive.runtime.Log;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The {@code application.properties} and {@code application.yml} (or {@code .yaml}) at the class
 * path root of the class loader that woke the agent, as Spring Boot applications keep their
 * settings. The agent configures itself when the first annotated class loads, long before any
 * Spring environment exists, so it reads these files itself: only these two, at the root, and of
 * YAML only what a configuration file of maps and scalars holds (nested keys, comments, quotes; the
 * first document only, no lists, anchors or profiles). Profile files, environment variables and
 * config servers are beyond reach: use system properties for those.
 */
final class ApplicationProperties {

  private ApplicationProperties() {}

  /** Both files' entries; a {@code .properties} value wins over a YAML one, as in Spring Boot. */
  static Properties read(ClassLoader loader) {
    Properties p = new Properties();
    if (loader == null) {
      return p;
    }
    for (String yaml : List.of("application.yml", "application.yaml")) {
      String text = text(loader, yaml);
      if (text != null) {
        p.putAll(yaml(text));
      }
    }
    String properties = text(loader, "application.properties");
    if (properties != null) {
      try (Reader r = new java.io.StringReader(properties)) {
        p.load(r);
      } catch (IOException | IllegalArgumentException e) {
        Log.warn(
            "application.properties",
            "cannot be read, its overdrive.* settings are" + " ignored: " + e);
      }
    }
    return p;
  }

  private static String text(ClassLoader loader, String name) {
    URL url = loader.getResource(name);
    if (url == null) {
      return null;
    }
    try (InputStream in = url.openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      Log.warn(name, "cannot be read, its overdrive.* settings are ignored: " + e);
      return null;
    }
  }

  /** Flattens {@code a:\n b: 1} to {@code a.b=1}. */
  static Properties yaml(String text) {
    Properties p = new Properties();
    List<Integer> indents = new ArrayList<>();
    List<String> path = new ArrayList<>();
    for (String line : text.split("\r?\n")) {
      if (line.startsWith("---") && !p.isEmpty()) {
        break; // later documents are profiles' or conditional: not ours to choose
      }
      String content = stripComment(line);
      if (content.isBlank() || content.trim().startsWith("- ") || content.startsWith("---")) {
        continue;
      }
      int indent = content.length() - content.stripLeading().length();
      int colon = content.indexOf(':');
      if (colon < 0) {
        continue;
      }
      while (!indents.isEmpty() && indents.get(indents.size() - 1) >= indent) {
        indents.remove(indents.size() - 1);
        path.remove(path.size() - 1);
      }
      String key = unquote(content.substring(0, colon).trim());
      String value = content.substring(colon + 1).trim();
      if (value.isEmpty()) {
        indents.add(indent);
        path.add(key);
      } else {
        String prefix = path.isEmpty() ? "" : String.join(".", path) + ".";
        p.setProperty(prefix + key, unquote(value));
      }
    }
    return p;
  }

  private static String stripComment(String line) {
    boolean single = false;
    boolean dbl = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'' && !dbl) {
        single = !single;
      } else if (c == '"' && !single) {
        dbl = !dbl;
      } else if (c == '#'
          && !single
          && !dbl
          && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
