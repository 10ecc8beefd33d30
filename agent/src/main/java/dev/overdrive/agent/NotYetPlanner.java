package dev.overdrive.agent;

import dev.overdrive.runtime.Log;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** An annotation of the public API that this version does not apply yet: said once, left plain. */
final class NotYetPlanner extends MethodPlanner {

  NotYetPlanner(String annotation) {
    super(annotation, null);
  }

  @Override
  AsmVisitorWrapper plan(TypeDescription type, MethodDescription.InDefinedShape method,
      AnnotationDescription annotation, ClassLoader loader, StringBuilder report) {
    Log.warn(nameOf(type, method), "@" + annotation.getAnnotationType().getSimpleName()
        + " is not applied by this version of the agent; the method runs as plain code");
    return null;
  }
}
