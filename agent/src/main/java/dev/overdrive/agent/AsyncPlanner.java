package dev.overdrive.agent;

import dev.overdrive.agent.advice.AsyncAdvice;
import dev.overdrive.agent.advice.AsyncVoidAdvice;
import dev.overdrive.runtime.async.AsyncSites;
import dev.overdrive.runtime.config.Settings;
import dev.overdrive.runtime.exec.Executors;
import java.util.Properties;
import java.util.Set;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Async}: the call runs on a named executor; the caller gets a future or nothing. */
final class AsyncPlanner extends MethodPlanner {

  private static final Set<String> FUTURES = Set.of("java.util.concurrent.CompletableFuture",
      "java.util.concurrent.CompletionStage", "java.util.concurrent.Future");

  private final AdviceFactory advice;
  private final Properties properties;

  AsyncPlanner(AdviceFactory advice, Properties properties) {
    super(Names.ASYNC, Settings.Feature.ASYNC);
    this.advice = advice;
    this.properties = properties;
  }

  @Override
  AsmVisitorWrapper plan(TypeDescription type, MethodDescription.InDefinedShape method,
      AnnotationDescription annotation, ClassLoader loader, StringBuilder report) {
    requireBody(method, "@Async");
    boolean isVoid = method.getReturnType().represents(void.class);
    String returnType = method.getReturnType().asErasure().getName();
    if (!isVoid && !FUTURES.contains(returnType)) {
      throw new BadAnnotation("@Async needs a void method or one returning CompletableFuture,"
          + " CompletionStage or Future, not " + returnType);
    }
    AnnotationReader a = new AnnotationReader(annotation, properties);
    String executor = executor(a);
    int site = AsyncSites.register(methodRef(type, method), !isVoid, executor, loader);
    report.append("@Async executor=").append(executor);
    return advice.advise(isVoid ? AsyncVoidAdvice.class : AsyncAdvice.class, method, site);
  }

  /** The {@code executor} attribute, its configuration checked. */
  static String executor(AnnotationReader a) {
    String executor = a.string("executor");
    String problem = Executors.problem(executor);
    if (problem != null) {
      throw a.bad("executor", problem);
    }
    return executor;
  }
}
