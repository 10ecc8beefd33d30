package dev.overdrive.agent;

import java.util.Properties;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** Plans a method of a loaded class in-process, as the agent would at class-load time. */
final class PlannerFixture {

  private PlannerFixture() {}

  static Plan plan(MethodPlanner planner, Class<?> type, String method) {
    TypeDescription description = TypeDescription.ForLoadedType.of(type);
    MethodDescription.InDefinedShape m =
        description
            .getDeclaredMethods()
            .filter(net.bytebuddy.matcher.ElementMatchers.named(method))
            .getOnly();
    for (AnnotationDescription a : m.getDeclaredAnnotations()) {
      if (a.getAnnotationType().getName().equals(planner.annotation())) {
        return planner.plan(description, m, a);
      }
    }
    throw new AssertionError(method + " has no " + planner.annotation());
  }

  static Properties properties() {
    return new Properties();
  }
}
