package dev.overdrive.agent;

import dev.overdrive.agent.advice.KeyArgument;
import dev.overdrive.agent.advice.SiteId;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Makes the advice for one method, with its site id bound as a constant. The advice classes are
 * read once from the agent jar; each method then costs only the binding.
 */
final class AdviceFactory {

  private final ClassFileLocator locator;
  private final TypePool pool;

  /** {@code locator} finds the advice classes (the agent jar). */
  AdviceFactory(ClassFileLocator locator) {
    this.locator = locator;
    this.pool = TypePool.Default.of(locator);
  }

  /**
   * The plan's advice applied to {@code method}, with {@code @SiteId} bound to {@code site} and
   * {@code @KeyArgument} to the plan's key parameter.
   */
  AsmVisitorWrapper advise(Plan plan, MethodDescription method, int site) {
    Class<?> advice = plan.advice();
    ParameterDescription key = plan.keyArgument();
    Advice.WithCustomMapping mapping = Advice.withCustomMapping().bind(SiteId.class, site);
    if (key != null) {
      mapping =
          mapping.bind(
              new Advice.OffsetMapping.ForArgument.Resolved.Factory<>(
                  KeyArgument.class, key, true, Assigner.Typing.DYNAMIC));
    }
    TypeDescription type = pool.describe(advice.getName()).resolve();
    return mapping.to(type, locator).on(ElementMatchers.is(method));
  }

  /** The plan's constructor advice on every constructor, with {@code @SiteId} = {@code site}. */
  AsmVisitorWrapper adviseConstructors(Plan plan, int site) {
    TypeDescription type = pool.describe(plan.constructorAdvice().getName()).resolve();
    return Advice.withCustomMapping()
        .bind(SiteId.class, site)
        .to(type, locator)
        .on(ElementMatchers.isConstructor());
  }
}
