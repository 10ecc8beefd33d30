package dev.overdrive.agent;

import dev.overdrive.agent.advice.AsyncAdvice;
import dev.overdrive.agent.advice.AsyncVoidAdvice;
import dev.overdrive.runtime.async.AsyncSite;
import dev.overdrive.runtime.async.AsyncSpec;
import dev.overdrive.runtime.config.Settings;
import java.util.Properties;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Async}: the call runs on a named executor; the caller gets a future or nothing. */
final class AsyncPlanner extends MethodPlanner {

  private static final Set<String> FUTURES = Set.of("java.util.concurrent.CompletableFuture",
      "java.util.concurrent.CompletionStage", "java.util.concurrent.Future");

  AsyncPlanner(Properties properties) {
    super(Names.ASYNC, Settings.Feature.ASYNC, properties);
  }

  @Override
  Plan plan(TypeDescription type, MethodDescription.InDefinedShape method, AnnotationReader a) {
    requireBody(method, "@Async");
    boolean isVoid = method.getReturnType().represents(void.class);
    String returnType = method.getReturnType().asErasure().getName();
    if (!isVoid && !FUTURES.contains(returnType)) {
      throw new BadAnnotation("@Async needs a void method or one returning CompletableFuture,"
          + " CompletionStage or Future, not " + returnType);
    }
    String executor = a.executor();
    int orderBy = (int) a.longValue("orderBy");
    int parameters = method.getParameters().size();
    if (orderBy < -1 || orderBy >= parameters) {
      throw a.bad("orderBy", "index " + orderBy + " is out of range: the method has "
          + parameters + " parameter" + (parameters == 1 ? "" : "s")
          + (orderBy < -1 ? " (-1: no order)" : ""));
    }
    AsyncSpec spec = new AsyncSpec(methodRef(type, method), !isVoid, executor, orderBy);
    return new Plan("@Async", "@Async executor=" + executor
        + (orderBy >= 0 ? " orderBy=" + orderBy : ""),
        (loader, undo) -> AsyncSite.register(spec, loader, undo),
        isVoid ? AsyncVoidAdvice.class : AsyncAdvice.class);
  }
}
