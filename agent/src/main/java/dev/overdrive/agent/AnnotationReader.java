package dev.overdrive.agent;

import dev.overdrive.runtime.config.Durations;
import dev.overdrive.runtime.config.Placeholders;
import java.time.Duration;
import java.util.Properties;
import net.bytebuddy.description.annotation.AnnotationDescription;

/**
 * Reads one annotation's attributes from ByteBuddy's description of it (no annotation class is
 * loaded), resolving {@code ${property:default}} in strings and turning every malformed value
 * into a {@link BadAnnotation} that names the attribute.
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

  BadAnnotation bad(String attribute, String problem) {
    return new BadAnnotation(simpleName + " " + attribute + ": " + problem);
  }

  String simpleName() {
    return simpleName;
  }
}
