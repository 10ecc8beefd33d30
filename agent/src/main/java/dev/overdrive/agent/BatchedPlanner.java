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
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Batched}: single-key calls coalesced into calls of the {@code via} bulk method. */
final class BatchedPlanner extends MethodPlanner {

  private static final Map<String, BatchSpec.Keys> KEY_PARAMETERS =
      Map.of(
          "java.util.Collection",
          BatchSpec.Keys.LIST,
          "java.util.List",
          BatchSpec.Keys.LIST,
          "java.lang.Iterable",
          BatchSpec.Keys.LIST,
          "java.util.Set",
          BatchSpec.Keys.SET);

  BatchedPlanner(Properties properties) {
    super(Names.BATCHED, Settings.Feature.BATCHED, properties);
  }

  @Override
  Plan plan(TypeDescription type, MethodDescription.InDefinedShape method, AnnotationReader a) {
    requireBody(method, "@Batched");
    if (method.getParameters().size() != 1) {
      throw new BadAnnotation(
          "@Batched needs exactly one parameter, the key; this method has "
              + method.getParameters().size());
    }
    if (method.getReturnType().represents(void.class)) {
      throw new BadAnnotation("@Batched on a void method: there is no value to fetch");
    }
    String returnType = method.getReturnType().asErasure().getName();
    boolean returnsFuture =
        returnType.equals("java.util.concurrent.CompletableFuture")
            || returnType.equals("java.util.concurrent.CompletionStage");
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
    checkTypes(method, bulk, returnsFuture, a);
    BatchSpec.Keys keys =
        KEY_PARAMETERS.get(bulk.getParameters().get(0).getType().asErasure().getName());
    TypeDescription bulkReturn = bulk.getReturnType().asErasure();
    BatchSpec.Values values =
        bulkReturn.isAssignableTo(Map.class) ? BatchSpec.Values.MAP : BatchSpec.Values.LIST;
    BatchSpec spec =
        new BatchSpec(
            methodRef(type, method),
            methodRef(type, bulk),
            keys,
            values,
            maxSize,
            maxDelay.toNanos(),
            returnsFuture,
            method.getReturnType().isPrimitive());
    return new Plan(
        "@Batched",
        spec.describe(),
        (loader, undo) -> BatchSites.register(spec, loader, undo),
        BatchedAdvice.class);
  }

  /**
   * What the generic signatures tell: the bulk method's keys must be able to hold this method's
   * key, and its values must be what this method returns. Otherwise the bulk call would throw a
   * {@code ClassCastException}, or find nothing, at every call. A type the signature leaves open
   * (raw, a wildcard, a type variable) or that cannot be resolved is not checked.
   */
  private static void checkTypes(
      MethodDescription method, MethodDescription bulk, boolean returnsFuture, AnnotationReader a) {
    TypeDescription key = method.getParameters().get(0).getType().asErasure().asBoxed();
    TypeDescription.Generic keys = bulk.getParameters().get(0).getType();
    TypeDescription.Generic result = bulk.getReturnType();
    boolean map = result.asErasure().isAssignableTo(Map.class);
    TypeDescription.Generic value = method.getReturnType();
    if (returnsFuture) {
      value = argument(value, 0);
    }
    String bulkName = bulk.getName();
    if (!holds(argument(keys, 0), key)) {
      throw a.bad(
          "via",
          bulkName + " takes " + keys + ", whose elements cannot be the key type " + key.getName());
    }
    if (map && !holds(argument(result, 0), key)) {
      throw a.bad(
          "via",
          bulkName + " returns " + result + ", whose keys cannot be the key type " + key.getName());
    }
    TypeDescription.Generic values = argument(result, map ? 1 : 0);
    if (value != null
        && values != null
        && isConcrete(value)
        && isConcrete(values)
        && !holds(value, values.asErasure().asBoxed())) {
      throw a.bad(
          "via",
          bulkName
              + " returns "
              + result
              + ", whose values are not "
              + value.asErasure().getName()
              + ", which this method returns");
    }
  }

  /** The {@code index}th type argument of a parameterized type, or null. */
  private static TypeDescription.Generic argument(TypeDescription.Generic type, int index) {
    if (type == null || type.getSort() != TypeDefinition.Sort.PARAMETERIZED) {
      return null;
    }
    List<TypeDescription.Generic> arguments = type.getTypeArguments();
    return index < arguments.size() ? arguments.get(index) : null;
  }

  private static boolean isConcrete(TypeDescription.Generic type) {
    TypeDefinition.Sort sort = type.getSort();
    return sort == TypeDefinition.Sort.NON_GENERIC
        || sort == TypeDefinition.Sort.PARAMETERIZED
        || sort == TypeDefinition.Sort.GENERIC_ARRAY;
  }

  /** Whether a {@code container} element can hold a {@code value}; true when unknown. */
  private static boolean holds(TypeDescription.Generic container, TypeDescription value) {
    if (container == null || !isConcrete(container)) {
      return true;
    }
    try {
      return value.isAssignableTo(container.asErasure().asBoxed());
    } catch (RuntimeException | LinkageError unresolved) {
      return true;
    }
  }

  /** The bulk method: same class, one Collection/List/Set parameter, a Map or List result. */
  private static MethodDescription findVia(
      TypeDescription type, MethodDescription method, String via, AnnotationReader a) {
    if (via.isEmpty()) {
      throw a.bad("via", "is empty: name the bulk method");
    }
    List<String> rejected = new ArrayList<>();
    for (MethodDescription candidate : type.getDeclaredMethods()) {
      if (!candidate.getName().equals(via) || !candidate.isMethod()) {
        continue;
      }
      if (candidate.getParameters().size() != 1
          || !KEY_PARAMETERS.containsKey(
              candidate.getParameters().get(0).getType().asErasure().getName())) {
        rejected.add("it must take one Collection, List or Set of keys");
        continue;
      }
      TypeDescription result = candidate.getReturnType().asErasure();
      if (!result.isAssignableTo(Map.class) && !result.isAssignableTo(List.class)) {
        rejected.add(
            "it must return a Map (value by key) or a List (values in key order), not "
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
