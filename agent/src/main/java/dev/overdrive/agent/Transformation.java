package dev.overdrive.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.overdrive.runtime.config.Settings;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The ByteBuddy side of the agent, created on the first class that mentions our annotations. An
 * {@link AgentBuilder} with {@code disableClassFormatChanges()} (no fields or methods are added, so
 * retransformation and other agents keep working) pastes {@code Advice} into each annotated method;
 * the planners decide which.
 */
final class Transformation implements AgentBuilder.Transformer {

  private final Settings settings;
  private final TransformReport report;
  private final AdviceFactory advice;

  /** In the order their advice nests: the first applied ends up outermost. */
  private final List<MethodPlanner> planners;

  private final ClassFileTransformer transformer;

  Transformation(Settings settings, Properties properties, TransformReport report, File agentJar)
      throws IOException {
    this.settings = settings;
    this.report = report;
    this.advice =
        new AdviceFactory(
            new ClassFileLocator.Compound(
                ClassFileLocator.ForJarFile.of(agentJar),
                ClassFileLocator.ForClassLoader.ofBootLoader()));
    this.planners = planners(properties);
    String[] annotations = new String[planners.size()];
    for (int i = 0; i < annotations.length; i++) {
      annotations[i] = planners.get(i).annotation();
    }
    this.transformer =
        new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
            .disableClassFormatChanges()
            .with(new TypePoolPerLoader())
            .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
            .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
            .with(new Listener(report))
            .ignore(net.bytebuddy.matcher.ElementMatchers.none())
            .type(declaresMethod(isAnnotatedWith(namedOneOf(annotations))))
            .transform(this)
            .makeRaw();
  }

  /**
   * Every annotation the agent knows. Planner order, not declaration order, decides nesting, so
   * {@code @Cached} always wraps {@code @Batched} (hits never reach the batcher).
   */
  static List<MethodPlanner> planners(Properties properties) {
    return List.of(
        new CachedPlanner(properties),
        new CacheInvalidatePlanner(Names.CACHE_INVALIDATE, properties),
        new CacheInvalidatePlanner(Names.CACHE_INVALIDATE_LIST, properties),
        new BatchedPlanner(properties),
        new AsyncPlanner(properties),
        new ParallelPlanner(properties));
  }

  ClassFileTransformer transformer() {
    return transformer;
  }

  @Override
  public DynamicType.Builder<?> transform(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      ProtectionDomain domain) {
    report.begin(loader, type.getName());
    for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
      if (method.isBridge() || method.isSynthetic() || !method.isMethod()) {
        continue;
      }
      List<Plan> plans = plan(type, method);
      if (plans.isEmpty()) {
        continue;
      }
      String name = MethodPlanner.nameOf(type, method);
      // Only now, with every annotation of the method accepted, is anything registered.
      List<Runnable> undo = new ArrayList<>(plans.size());
      int[] sites = new int[plans.size()];
      int registering = 0;
      try {
        for (; registering < sites.length; registering++) {
          sites[registering] = plans.get(registering).site().register(loader, undo);
        }
      } catch (RuntimeException | LinkageError e) {
        undo.forEach(Runnable::run);
        report.rejected(
            name, "cannot set up " + plans.get(registering).annotation() + " (" + e + ")");
        continue;
      }
      report.registered(undo);
      for (int i = 0; i < sites.length; i++) {
        builder = builder.visit(advice.advise(plans.get(i), method, sites[i]));
        report.planned(name + parameters(method), plans.get(i).description());
        for (String warning : plans.get(i).warnings()) {
          report.warned(name, warning);
        }
        if (plans.get(i).constructorAdvice() != null) {
          builder = builder.visit(advice.adviseConstructors(plans.get(i), sites[i]));
        }
      }
    }
    return builder;
  }

  /**
   * The plans for every annotation of {@code method}, in planner order; empty when it has none to
   * apply or when one is rejected: all or nothing, since half a method's annotations would change
   * its meaning.
   */
  private List<Plan> plan(TypeDescription type, MethodDescription.InDefinedShape method) {
    List<Plan> plans = new ArrayList<>(2);
    boolean rejected = false;
    String name = MethodPlanner.nameOf(type, method);
    for (MethodPlanner planner : planners) {
      AnnotationDescription annotation = find(method, planner.annotation());
      if (annotation == null) {
        continue;
      }
      if (!settings.isEnabled(planner.feature())) {
        report.detail(
            "left plain "
                + name
                + parameters(method)
                + ": overdrive."
                + planner.feature().name().toLowerCase(java.util.Locale.ROOT)
                + ".enabled=false");
        continue;
      }
      if (settings.isDisabled(type.getName(), method.getName())) {
        report.detail("left plain " + name + parameters(method) + ": listed in overdrive.disable");
        continue;
      }
      try {
        plans.add(planner.plan(type, method, annotation));
      } catch (BadAnnotation e) {
        rejected = true;
        report.rejected(name, e.getMessage());
      } catch (RuntimeException | LinkageError e) {
        rejected = true;
        report.rejected(
            name, "cannot read " + annotation.getAnnotationType().getSimpleName() + " (" + e + ")");
      }
    }
    if (rejected) {
      return List.of();
    }
    String problem = Combinations.problem(plans);
    if (problem != null) {
      report.rejected(name, problem);
      return List.of();
    }
    return plans;
  }

  /** {@code (String, int[])}: enough to tell overloads apart in the report. */
  private static String parameters(MethodDescription method) {
    StringBuilder s = new StringBuilder("(");
    for (net.bytebuddy.description.method.ParameterDescription p : method.getParameters()) {
      s.append(s.length() > 1 ? ", " : "").append(p.getType().asErasure().getSimpleName());
    }
    return s.append(')').toString();
  }

  private static AnnotationDescription find(MethodDescription method, String annotation) {
    for (AnnotationDescription a : method.getDeclaredAnnotations()) {
      if (a.getAnnotationType().getName().equals(annotation)) {
        return a;
      }
    }
    return null;
  }

  /**
   * A class's report lines and sites are kept once it is transformed. A failure is not handled
   * here: ByteBuddy tells {@code onError} and then throws, and {@link AwakeAgent} reports what it
   * catches, in one place.
   */
  private static final class Listener extends AgentBuilder.Listener.Adapter {
    private final TransformReport report;

    Listener(TransformReport report) {
      this.report = report;
    }

    @Override
    public void onTransformation(
        TypeDescription type,
        ClassLoader loader,
        JavaModule module,
        boolean loaded,
        DynamicType dynamicType) {
      report.transformed();
    }
  }

  /**
   * One type pool cache per class loader, held weakly so a dropped class loader is not kept alive
   * by the agent.
   */
  private static final class TypePoolPerLoader extends AgentBuilder.PoolStrategy.WithTypePoolCache {
    private final Map<ClassLoader, TypePool.CacheProvider> caches = new WeakHashMap<>();
    private final TypePool.CacheProvider bootCache = new TypePool.CacheProvider.Simple();

    TypePoolPerLoader() {
      super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected synchronized TypePool.CacheProvider locate(ClassLoader loader) {
      return loader == null
          ? bootCache
          : caches.computeIfAbsent(loader, l -> new TypePool.CacheProvider.Simple());
    }
  }
}
