package dev.overdrive.agent;

import dev.overdrive.runtime.config.Durations;
import dev.overdrive.runtime.config.Placeholders;
import dev.overdrive.runtime.exec.ExecutorRegistry;
import java.time.Duration;
import java.util.Properties;
import net.bytebuddy.description.annotation.AnnotationDescription;

/**
 * Reads one annotation's attributes from ByteBuddy's description of it (no annotation class is
 * loaded), resolving {@code ${property:default}} in strings and turning every malformed value into
 * a {@link BadAnnotation} that names the attribute.
 */
final class AnnotationReader {

  private final AnnotationDescription annotation;
  private final Properties properties;
  private final String simpleName;

  AnnotationReader(AnnotationDescription annotation, Properties properties) {
    this.annotation = annotation;
    this.properties = properties;
    this.simpleName = "@" + annotation.getAnnotationType().getSimpleName();
  }

  String string(String attribute) {
    String raw = annotation.getValue(attribute).resolve(String.class);
    try {
      return Placeholders.resolve(raw, properties);
    } catch (IllegalArgumentException e) {
      throw bad(attribute, e.getMessage());
    }
  }

  /** A duration, or {@code null} when the attribute is empty. */
  Duration duration(String attribute) {
    String text = string(attribute);
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw bad(attribute, e.getMessage());
    }
  }

  /**
   * Whether the application's copy of the annotation has {@code attribute}: an application compiled
   * against an older annotations jar than this agent's lacks the newer attributes, which then take
   * their default (the contract's), as the application never set them.
   */
  boolean has(String attribute) {
    return !annotation
        .getAnnotationType()
        .getDeclaredMethods()
        .filter(net.bytebuddy.matcher.ElementMatchers.named(attribute))
        .isEmpty();
  }

  /** A number attribute newer annotations jars have; {@code absent} where it is missing. */
  long longValue(String attribute, long absent) {
    return has(attribute) ? longValue(attribute) : absent;
  }

  /** A boolean attribute newer annotations jars have; {@code absent} where it is missing. */
  boolean bool(String attribute, boolean absent) {
    return has(attribute) ? bool(attribute) : absent;
  }

  /** A string attribute newer annotations jars have; {@code absent} where it is missing. */
  String string(String attribute, String absent) {
    return has(attribute) ? string(attribute) : absent;
  }

  int[] ints(String attribute) {
    return annotation.getValue(attribute).resolve(int[].class);
  }

  long longValue(String attribute) {
    return ((Number) annotation.getValue(attribute).resolve()).longValue();
  }

  double doubleValue(String attribute) {
    return ((Number) annotation.getValue(attribute).resolve()).doubleValue();
  }

  boolean bool(String attribute) {
    return annotation.getValue(attribute).resolve(Boolean.class);
  }

  AnnotationDescription[] annotations(String attribute) {
    return annotation.getValue(attribute).resolve(AnnotationDescription[].class);
  }

  /**
   * A {@code key}-like attribute: indices of parameters, each checked, with the default (empty:
   * every parameter in order) expanded.
   */
  int[] keyIndices(String attribute, int parameters) {
    int[] key = ints(attribute);
    if (key.length == 0) {
      key = new int[parameters];
      for (int i = 0; i < parameters; i++) {
        key[i] = i;
      }
      return key;
    }
    for (int index : key) {
      if (index < 0 || index >= parameters) {
        throw bad(
            attribute,
            "index "
                + index
                + " is out of range: the method has "
                + parameters
                + " parameter"
                + (parameters == 1 ? "" : "s"));
      }
    }
    return key;
  }

  /** The {@code executor} attribute, its configuration checked. */
  String executor() {
    String executor = string("executor");
    String problem = ExecutorRegistry.problem(executor);
    if (problem != null) {
      throw bad("executor", problem);
    }
    return executor;
  }

  BadAnnotation bad(String attribute, String problem) {
    return new BadAnnotation(simpleName + " " + attribute + ": " + problem);
  }
}
