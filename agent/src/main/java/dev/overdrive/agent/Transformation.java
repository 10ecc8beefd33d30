package dev.overdrive.agent;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;

import dev.overdrive.runtime.Log;
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
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * The ByteBuddy side of the agent, created on the first class that mentions our annotations.
 * An {@link AgentBuilder} with {@code disableClassFormatChanges()} (no fields or methods are
 * added, so retransformation and other agents keep working) pastes {@code Advice} into each
 * annotated method; the planners decide which.
 */
final class Transformation implements AgentBuilder.Transformer {

  private final Settings settings;
  private final Report report;
  private final List<MethodPlanner> planners;
  private final ClassFileTransformer transformer;

  Transformation(Settings settings, Properties properties, Report report, File agentJar)
      throws IOException {
    this.settings = settings;
    this.report = report;
    AdviceFactory advice = new AdviceFactory(new ClassFileLocator.Compound(
        ClassFileLocator.ForJarFile.of(agentJar), ClassFileLocator.ForClassLoader.ofBootLoader()));
    this.planners = List.of(
        new CachedPlanner(advice, properties),
        new CacheInvalidatePlanner(Names.CACHE_INVALIDATE, advice, properties),
        new CacheInvalidatePlanner(Names.CACHE_INVALIDATE_LIST, advice, properties),
        new BatchedPlanner(advice, properties),
        new AsyncPlanner(advice, properties),
        new ParallelPlanner(advice, properties));
    this.transformer = new AgentBuilder.Default(
            new ByteBuddy().with(TypeValidation.DISABLED))
        .disableClassFormatChanges()
        .with(new TypePoolPerLoader())
        .with(AgentBuilder.LocationStrategy.ForClassLoader.WEAK)
        .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
        .with(new ErrorListener(report))
        .ignore(net.bytebuddy.matcher.ElementMatchers.none())
        .type(declaresMethod(isAnnotatedWith(namedOneOf(Names.CACHED, Names.CACHE_INVALIDATE,
            Names.CACHE_INVALIDATE_LIST, Names.BATCHED, Names.ASYNC, Names.PARALLEL))))
        .transform(this)
        .makeRaw();
  }

  ClassFileTransformer transformer() {
    return transformer;
  }

  @Override
  public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
      ClassLoader loader, JavaModule module, ProtectionDomain domain) {
    report.begin(loader, type.getName());
    for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
      if (method.isBridge() || method.isSynthetic() || !method.isMethod()) {
        continue;
      }
      List<AsmVisitorWrapper> visitors = new ArrayList<>(2);
      List<String> applied = new ArrayList<>(2);
      boolean rejected = false;
      // Planner order, not declaration order: the first advice applied ends up outermost, so
      // @Cached always wraps @Batched (hits never reach the batcher).
      for (MethodPlanner planner : planners) {
        AnnotationDescription annotation = find(method, planner.annotation());
        if (annotation == null) {
          continue;
        }
        String name = MethodPlanner.nameOf(type, method);
        if (planner.feature() != null && !settings.isEnabled(planner.feature())) {
          report.detail("left plain " + name + ": overdrive."
              + planner.feature().name().toLowerCase(java.util.Locale.ROOT) + ".enabled=false");
          continue;
        }
        if (settings.isDisabled(type.getName(), method.getName())) {
          report.detail("left plain " + name + ": listed in overdrive.disable");
          continue;
        }
        try {
          StringBuilder what = new StringBuilder();
          visitors.add(planner.plan(type, method, annotation, loader, what));
          applied.add(what.toString());
        } catch (BadAnnotation e) {
          rejected = true;
          report.rejected(name, e.getMessage());
        } catch (RuntimeException | LinkageError e) {
          rejected = true;
          report.rejected(name, "cannot read " + annotation.getAnnotationType().getSimpleName()
              + " (" + e + ")");
        }
      }
      if (rejected) {
        continue; // all or nothing: half a method's annotations would change its meaning
      }
      for (int i = 0; i < visitors.size(); i++) {
        builder = builder.visit(visitors.get(i));
        report.planned(MethodPlanner.nameOf(type, method) + parameters(method), applied.get(i));
      }
    }
    if (settings.failsOnPurpose(type.getName())) {
      throw new IllegalStateException("fault injected by overdrive.test.failTransform");
    }
    return builder;
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

  /** No transformation error goes unseen; a class that fails is left exactly as it was. */
  private static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    private final Report report;

    ErrorListener(Report report) {
      this.report = report;
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
        boolean loaded, DynamicType dynamicType) {
      report.transformed();
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
        Throwable throwable) {
      report.failed();
      Log.error(typeName, "transformation failed, the class is left unchanged: " + throwable);
    }
  }

  /**
   * One type pool cache per class loader, held weakly so a dropped class loader is not kept
   * alive by the agent.
   */
  private static final class TypePoolPerLoader extends AgentBuilder.PoolStrategy.WithTypePoolCache {
    private final Map<ClassLoader, TypePool.CacheProvider> caches = new WeakHashMap<>();
    private final TypePool.CacheProvider bootCache = new TypePool.CacheProvider.Simple();

    TypePoolPerLoader() {
      super(TypePool.Default.ReaderMode.FAST);
    }

    @Override
    protected synchronized TypePool.CacheProvider locate(ClassLoader loader) {
      return loader == null ? bootCache
          : caches.computeIfAbsent(loader, l -> new TypePool.CacheProvider.Simple());
    }
  }
}
