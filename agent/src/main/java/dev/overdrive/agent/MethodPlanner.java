package dev.overdrive.agent;

import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.config.Settings;
import java.util.Properties;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * What one annotation does to a method: reads and validates it and returns a {@link Plan}, with no
 * side effect (registration happens later, once every annotation of the method is accepted). One
 * implementation per annotation; adding an annotation means adding a planner, a runtime site and an
 * advice, and listing the planner in {@link Transformation#planners}.
 */
abstract class MethodPlanner {

  private final String annotation;
  private final Settings.Feature feature;
  private final Properties properties;

  MethodPlanner(String annotation, Settings.Feature feature, Properties properties) {
    this.annotation = annotation;
    this.feature = feature;
    this.properties = properties;
  }

  /** The annotation's binary name. */
  final String annotation() {
    return annotation;
  }

  /** The switch ({@code overdrive.<feature>.enabled}) that turns this planner off. */
  final Settings.Feature feature() {
    return feature;
  }

  /** Plans {@code method} for its {@code annotation}, reading attributes through a reader. */
  final Plan plan(
      TypeDescription type,
      MethodDescription.InDefinedShape method,
      AnnotationDescription annotation) {
    return plan(type, method, new AnnotationReader(annotation, properties));
  }

  /**
   * Validates the annotation on {@code method} and says what to apply.
   *
   * @throws BadAnnotation with a message for the user when the annotation is misused
   */
  abstract Plan plan(
      TypeDescription type, MethodDescription.InDefinedShape method, AnnotationReader annotation);

  /** Rejects abstract and native methods: there is no body to rewrite. */
  static void requireBody(MethodDescription method, String annotation) {
    if (method.isAbstract() || method.isNative()) {
      throw new BadAnnotation(
          annotation + " on a method without a body: annotate the implementation");
    }
  }

  /** The runtime's reference to {@code method}. */
  static MethodRef methodRef(TypeDescription type, MethodDescription method) {
    return new MethodRef(
        type.getName(),
        method.getName(),
        method.getDescriptor(),
        method.isStatic(),
        method.getParameters().size());
  }

  /** {@code Class#method}, as every message names a method. */
  static String nameOf(TypeDescription type, MethodDescription method) {
    return type.getName() + "#" + method.getName();
  }
}
