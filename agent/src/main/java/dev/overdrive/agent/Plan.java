package dev.overdrive.agent;

import java.util.List;
import net.bytebuddy.description.method.ParameterDescription;

/**
 * What one annotation will do to one method, decided by its {@link MethodPlanner} without side
 * effects. Immutable. Nothing is registered until every annotation of the method has been planned
 * and accepted ({@link Transformation}): a method rejected "all or nothing" leaves no site behind.
 *
 * @param annotation the annotation's simple name with its {@code @}, for messages
 * @param description what {@code overdrive.report} prints after the method's name
 * @param site registers the method's runtime site and returns its id, bound into the advice
 * @param advice the advice class to paste into the method
 * @param keyArgument the parameter bound to {@code @KeyArgument}, or {@code null}
 * @param caches the cache names this annotation defines ({@code @Cached}) or empties
 * @param warnings what the user should hear about although the method is instrumented
 * @param constructorAdvice advice for every constructor of the class, bound to this plan's site, or
 *     {@code null} (a durable instance method replays on the first instance)
 */
record Plan(
    String annotation,
    String description,
    Site site,
    Class<?> advice,
    ParameterDescription keyArgument,
    List<String> caches,
    List<String> warnings,
    Class<?> constructorAdvice) {

  Plan {
    caches = List.copyOf(caches);
    warnings = List.copyOf(warnings);
  }

  Plan(
      String annotation,
      String description,
      Site site,
      Class<?> advice,
      ParameterDescription keyArgument,
      List<String> caches) {
    this(annotation, description, site, advice, keyArgument, caches, List.of(), null);
  }

  Plan(String annotation, String description, Site site, Class<?> advice) {
    this(annotation, description, site, advice, null, List.of());
  }

  /** This plan with one more warning. */
  Plan warning(String warning) {
    List<String> all = new java.util.ArrayList<>(warnings);
    all.add(warning);
    return new Plan(
        annotation, description, site, advice, keyArgument, caches, all, constructorAdvice);
  }

  /** This plan with {@code advice} on every constructor of the class. */
  Plan onConstructors(Class<?> advice) {
    return new Plan(
        annotation, description, site, this.advice, keyArgument, caches, warnings, advice);
  }

  /** Registers a site with the runtime; a new one adds its rollback to {@code undo}. */
  @FunctionalInterface
  interface Site {
    int register(ClassLoader loader, List<Runnable> undo);
  }
}
