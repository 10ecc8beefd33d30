package dev.overdrive.agent;

import dev.overdrive.agent.advice.AsyncAdvice;
import dev.overdrive.agent.advice.AsyncVoidAdvice;
import dev.overdrive.agent.advice.ConstructedAdvice;
import dev.overdrive.runtime.async.AsyncSite;
import dev.overdrive.runtime.async.AsyncSpec;
import dev.overdrive.runtime.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Async}: the call runs on a named executor; the caller gets a future or nothing. */
final class AsyncPlanner extends MethodPlanner {

  private static final Set<String> FUTURES =
      Set.of(
          "java.util.concurrent.CompletableFuture",
          "java.util.concurrent.CompletionStage",
          "java.util.concurrent.Future");

  AsyncPlanner(Properties properties) {
    super(Names.ASYNC, Settings.Feature.ASYNC, properties);
  }

  @Override
  Plan plan(TypeDescription type, MethodDescription.InDefinedShape method, AnnotationReader a) {
    requireBody(method, "@Async");
    boolean isVoid = method.getReturnType().represents(void.class);
    String returnType = method.getReturnType().asErasure().getName();
    if (!isVoid && !FUTURES.contains(returnType)) {
      throw new BadAnnotation(
          "@Async needs a void method or one returning CompletableFuture,"
              + " CompletionStage or Future, not "
              + returnType);
    }
    String executor = a.executor();
    int orderBy = (int) a.longValue("orderBy", -1); // attributes newer than 0.1: see has()
    int parameters = method.getParameters().size();
    if (orderBy < -1 || orderBy >= parameters) {
      throw a.bad(
          "orderBy",
          "index "
              + orderBy
              + " is out of range: the method has "
              + parameters
              + " parameter"
              + (parameters == 1 ? "" : "s")
              + (orderBy < -1 ? " (-1: no order)" : ""));
    }
    boolean durable = a.bool("durable", false);
    List<String> packages = List.of();
    if (durable) {
      if (orderBy >= 0) {
        throw a.bad(
            "durable",
            "cannot be combined with orderBy yet: a failed call's retry"
                + " would run after its key's later calls");
      }
      packages = argumentPackages(method, a);
    }
    AsyncSpec spec =
        new AsyncSpec(methodRef(type, method), !isVoid, executor, orderBy, durable, packages);
    Plan plan =
        new Plan(
            "@Async",
            "@Async executor="
                + executor
                + (orderBy >= 0 ? " orderBy=" + orderBy : "")
                + (durable ? " durable" : ""),
            (loader, undo) -> AsyncSite.register(spec, loader, undo),
            isVoid ? AsyncVoidAdvice.class : AsyncAdvice.class);
    return durable && !method.isStatic() ? plan.onConstructors(ConstructedAdvice.class) : plan;
  }

  /** Types a durable call's arguments can never be journaled as. */
  private static final Set<String> NEVER_ENCODED =
      Set.of(
          "java.lang.Thread",
          "java.lang.ClassLoader",
          "java.sql.Connection",
          "java.sql.Statement",
          "java.sql.ResultSet",
          "java.net.Socket",
          "java.io.InputStream",
          "java.io.OutputStream",
          "java.io.Reader",
          "java.io.Writer",
          "javax.sql.DataSource");

  /**
   * The packages of the parameters' types, which their arguments are decoded from after a restart;
   * a parameter type that can never be serialized is bad input.
   */
  private static List<String> argumentPackages(MethodDescription method, AnnotationReader a) {
    List<String> packages = new ArrayList<>();
    for (ParameterDescription p : method.getParameters()) {
      TypeDescription t = p.getType().asErasure();
      while (t.isArray()) {
        t = t.getComponentType();
      }
      if (t.isPrimitive()) {
        continue;
      }
      String problem = unencodable(t);
      if (problem != null) {
        throw a.bad("durable", "parameter " + p.getIndex() + " (" + t.getName() + ") " + problem);
      }
      String pkg = t.getPackage() == null ? "" : t.getPackage().getName();
      if (!packages.contains(pkg)) {
        packages.add(pkg);
      }
    }
    return packages;
  }

  private static String unencodable(TypeDescription t) {
    if (NEVER_ENCODED.contains(t.getName())) {
      return "cannot be journaled: it is not a value";
    }
    try {
      if (t.isAssignableTo(AutoCloseable.class)) {
        return "is a resource (AutoCloseable), not a value that can be journaled";
      }
      boolean functional =
          t.isInterface()
              && (t.getName().startsWith("java.util.function.")
                  || t.getName().equals("java.lang.Runnable")
                  || t.getName().equals("java.util.concurrent.Callable")
                  || t.getDeclaredAnnotations().isAnnotationPresent(FunctionalInterface.class));
      if (functional) {
        return "is a function (a lambda cannot be journaled)";
      }
      if (!t.isInterface() && !t.isAbstract() && !t.isAssignableTo(java.io.Serializable.class)) {
        return "is not Serializable";
      }
    } catch (RuntimeException | LinkageError unresolved) {
      return null; // its hierarchy cannot be read here: the call is checked when it is made
    }
    return null;
  }
}
