package dev.overdrive.agent;

import dev.overdrive.agent.advice.BatchedAdvice;
import dev.overdrive.runtime.batch.BatchSites;
import dev.overdrive.runtime.batch.BatchSpec;
import dev.overdrive.runtime.config.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Batched}: single-key calls coalesced into calls of the {@code via} bulk method. */
final class BatchedPlanner extends MethodPlanner {

  private static final Map<String, BatchSpec.Keys> KEY_PARAMETERS = Map.of(
      "java.util.Collection", BatchSpec.Keys.LIST, "java.util.List", BatchSpec.Keys.LIST,
      "java.lang.Iterable", BatchSpec.Keys.LIST, "java.util.Set", BatchSpec.Keys.SET);

  private final AdviceFactory advice;
  private final Properties properties;

  BatchedPlanner(AdviceFactory advice, Properties properties) {
    super(Names.BATCHED, Settings.Feature.BATCHED);
    this.advice = advice;
    this.properties = properties;
  }

  @Override
  AsmVisitorWrapper plan(TypeDescription type, MethodDescription.InDefinedShape method,
      AnnotationDescription annotation, ClassLoader loader, StringBuilder report) {
    requireBody(method, "@Batched");
    if (method.getParameters().size() != 1) {
      throw new BadAnnotation("@Batched needs exactly one parameter, the key; this method has "
          + method.getParameters().size());
    }
    if (method.getReturnType().represents(void.class)) {
      throw new BadAnnotation("@Batched on a void method: there is no value to fetch");
    }
    String returnType = method.getReturnType().asErasure().getName();
    boolean returnsFuture = returnType.equals("java.util.concurrent.CompletableFuture")
        || returnType.equals("java.util.concurrent.CompletionStage");
    AnnotationReader a = new AnnotationReader(annotation, properties);
    int maxSize = (int) a.longValue("maxSize");
    if (maxSize < 1) {
      throw a.bad("maxSize", maxSize + " is less than 1");
    }
    Duration maxDelay = a.duration("maxDelay");
    if (maxDelay == null || maxDelay.isZero()) {
      throw a.bad("maxDelay", "must be longer than 0");
    }
    String via = a.string("via");
    MethodDescription bulk = findVia(type, method, via, a);
    BatchSpec.Keys keys = KEY_PARAMETERS.get(
        bulk.getParameters().get(0).getType().asErasure().getName());
    TypeDescription bulkReturn = bulk.getReturnType().asErasure();
    BatchSpec.Values values = bulkReturn.isAssignableTo(Map.class) ? BatchSpec.Values.MAP
        : BatchSpec.Values.LIST;
    BatchSpec spec = new BatchSpec(methodRef(type, method), methodRef(type, bulk), keys, values,
        maxSize, maxDelay.toNanos(), returnsFuture);
    int site = BatchSites.register(spec, loader);
    report.append(spec.describe());
    return advice.advise(BatchedAdvice.class, method, site);
  }

  /** The bulk method: same class, one Collection/List/Set parameter, a Map or List result. */
  private static MethodDescription findVia(TypeDescription type, MethodDescription method,
      String via, AnnotationReader a) {
    if (via.isEmpty()) {
      throw a.bad("via", "is empty: name the bulk method");
    }
    List<String> rejected = new ArrayList<>();
    for (MethodDescription candidate : type.getDeclaredMethods()) {
      if (!candidate.getName().equals(via) || !candidate.isMethod()) {
        continue;
      }
      if (candidate.getParameters().size() != 1 || !KEY_PARAMETERS.containsKey(
          candidate.getParameters().get(0).getType().asErasure().getName())) {
        rejected.add("it must take one Collection, List or Set of keys");
        continue;
      }
      TypeDescription result = candidate.getReturnType().asErasure();
      if (!result.isAssignableTo(Map.class) && !result.isAssignableTo(List.class)) {
        rejected.add("it must return a Map (value by key) or a List (values in key order), not "
            + result.getName());
        continue;
      }
      if (method.isStatic() && !candidate.isStatic()) {
        rejected.add("it must be static, as the @Batched method is");
        continue;
      }
      return candidate;
    }
    if (rejected.isEmpty()) {
      throw a.bad("via", "no method \"" + via + "\" in " + type.getName());
    }
    throw a.bad("via", "method \"" + via + "\" has the wrong shape: " + rejected.get(0));
  }
}
