package dev.overdrive.agent;

import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.config.Settings;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * What one annotation does to a method: validates it, registers the method's runtime site and
 * returns the advice to paste in. One implementation per annotation; adding an annotation means
 * adding a planner, not changing the agent.
 */
abstract class MethodPlanner {

  private final String annotation;
  private final Settings.Feature feature;

  MethodPlanner(String annotation, Settings.Feature feature) {
    this.annotation = annotation;
    this.feature = feature;
  }

  /** The annotation's binary name. */
  final String annotation() {
    return annotation;
  }

  /** The switch ({@code overdrive.<feature>.enabled}) that turns this planner off, or null. */
  final Settings.Feature feature() {
    return feature;
  }

  /**
   * Validates and registers {@code method}, returning its advice and, through {@code report},
   * a description of what was applied.
   *
   * @throws BadAnnotation with a message for the user when the annotation is misused
   */
  abstract AsmVisitorWrapper plan(TypeDescription type, MethodDescription.InDefinedShape method,
      AnnotationDescription annotation, ClassLoader loader, StringBuilder report);

  /** Rejects abstract and native methods: there is no body to rewrite. */
  static void requireBody(MethodDescription method, String annotation) {
    if (method.isAbstract() || method.isNative()) {
      throw new BadAnnotation(
          annotation + " on a method without a body: annotate the implementation");
    }
  }

  /** The runtime's reference to {@code method}. */
  static MethodRef methodRef(TypeDescription type, MethodDescription method) {
    return new MethodRef(type.getName(), method.getName(), method.getDescriptor(),
        method.isStatic(), method.getParameters().size());
  }

  /** {@code Class#method}, as every message names a method. */
  static String nameOf(TypeDescription type, MethodDescription method) {
    return type.getName() + "#" + method.getName();
  }
}
