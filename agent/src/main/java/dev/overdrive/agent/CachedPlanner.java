package dev.overdrive.agent;

import dev.overdrive.agent.advice.CachedAdvice;
import dev.overdrive.agent.advice.CachedArgumentsAdvice;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.cache.CacheSpec;
import dev.overdrive.runtime.config.Settings;
import dev.overdrive.runtime.remote.KeyCodec;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Cached}: one Caffeine cache per method, single-flight misses. */
final class CachedPlanner extends MethodPlanner {

  CachedPlanner(Properties properties) {
    super(Names.CACHED, Settings.Feature.CACHED, properties);
  }

  @Override
  Plan plan(TypeDescription type, MethodDescription.InDefinedShape method, AnnotationReader a) {
    CacheSpec spec = read(type, method, a);
    Plan.Site site = (loader, undo) -> CacheSites.register(spec, loader, undo);
    int[] key = spec.keyIndices();
    ParameterDescription single = key.length == 1 ? method.getParameters().get(key[0]) : null;
    Plan plan;
    if (single != null && !mayHoldArray(single.getType())) {
      // The key is the argument as it is: a hit allocates nothing.
      plan =
          new Plan(
              "@Cached", spec.describe(), site, CachedAdvice.class, single, List.of(spec.name()));
    } else {
      plan =
          new Plan(
              "@Cached",
              spec.describe(),
              site,
              CachedArgumentsAdvice.class,
              null,
              List.of(spec.name()));
    }
    if (a.doubleValue("jitter") > 0 && a.duration("ttl") == null) {
      plan = plan.warning("@Cached jitter has no effect without a ttl");
    }
    if (a.bool("remote") && !spec.remote()) {
      plan =
          plan.warning(
              "@Cached(remote = true) runs local-only: a key parameter's type ("
                  + unencodable(method, key)
                  + ") has no encoding that every JVM agrees on; use"
                  + " String, a number, an enum, UUID, java.time or collections of those");
    }
    return plan;
  }

  /** Only {@code Object}, {@code Cloneable}, {@code Serializable} and arrays can hold an array. */
  private static boolean mayHoldArray(TypeDefinition type) {
    String name = type.asErasure().getName();
    return type.isArray()
        || name.equals("java.lang.Object")
        || name.equals("java.lang.Cloneable")
        || name.equals("java.io.Serializable");
  }

  static CacheSpec read(TypeDescription type, MethodDescription method, AnnotationReader a) {
    if (method.getReturnType().represents(void.class)) {
      throw new BadAnnotation("@Cached on a void method: there is no result to cache");
    }
    requireBody(method, "@Cached");
    String name = a.string("name");
    if (name.isEmpty()) {
      name = type.getName() + "." + method.getName();
    }
    Duration ttl = a.duration("ttl");
    if (ttl != null && ttl.isZero()) {
      throw a.bad("ttl", "0 would keep nothing; leave ttl empty for no expiry");
    }
    double jitter = a.doubleValue("jitter");
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw a.bad("jitter", jitter + " is outside 0..1");
    }
    long maxSize = a.longValue("maxSize");
    if (maxSize < 0) {
      throw a.bad("maxSize", maxSize + " is negative");
    }
    if (maxSize == 0) {
      throw a.bad("maxSize", "0 would keep nothing; remove @Cached to run the method uncached");
    }
    Duration refreshAfter = a.duration("refreshAfter");
    if (refreshAfter != null && refreshAfter.isZero()) {
      throw a.bad("refreshAfter", "must be longer than 0");
    }
    int parameters = method.getParameters().size();
    int[] key = a.keyIndices("key", parameters);
    if (refreshAfter != null && key.length != parameters) {
      throw a.bad(
          "refreshAfter",
          "needs the key to be every parameter, because the reload"
              + " calls the method again with the key's values");
    }
    Duration localTtl = a.duration("localTtl");
    if (localTtl != null && localTtl.isZero()) {
      throw a.bad("localTtl", "0 would keep nothing locally; leave it empty for the ttl");
    }
    boolean remote = a.bool("remote") && unencodable(method, key) == null;
    return new CacheSpec(
        methodRef(type, method),
        name,
        ttl,
        jitter,
        maxSize,
        refreshAfter,
        a.bool("cacheNulls"),
        key,
        keyTypes(method, key),
        remote,
        localTtl,
        remote ? valuePackages(method.getReturnType()) : new String[0]);
  }

  /**
   * The first key parameter type without a stable {@code KeyCodec} encoding, or {@code null}.
   * Decided on descriptions: only JDK types (on the bootstrap path) are loaded, to ask the codec.
   */
  static String unencodable(MethodDescription method, int[] key) {
    for (int index : key) {
      TypeDescription t = method.getParameters().get(index).getType().asErasure();
      if (!encodable(t)) {
        return t.getName();
      }
    }
    return null;
  }

  private static boolean encodable(TypeDescription t) {
    if (t.isPrimitive()
        || t.isEnum()
        || t.isArray()
        || t.isAssignableTo(List.class)
        || t.isAssignableTo(Set.class)
        || t.isAssignableTo(Map.class)) {
      return true;
    }
    if (!t.getName().startsWith("java.")) {
      return false;
    }
    try {
      return KeyCodec.supports(Class.forName(t.getName(), false, null));
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The packages of the return type and of its type arguments, for the value allow-list. */
  static String[] valuePackages(TypeDescription.Generic type) {
    Set<String> packages = new LinkedHashSet<>();
    collectPackages(type, packages, 0);
    return packages.toArray(new String[0]);
  }

  private static void collectPackages(TypeDescription.Generic type, Set<String> into, int depth) {
    if (depth > 8) {
      return;
    }
    TypeDefinition.Sort sort = type.getSort();
    if (sort == TypeDefinition.Sort.GENERIC_ARRAY) {
      collectPackages(type.getComponentType(), into, depth + 1);
    } else if (sort == TypeDefinition.Sort.WILDCARD) {
      for (TypeDescription.Generic bound : type.getUpperBounds()) {
        collectPackages(bound, into, depth + 1);
      }
    } else if (sort != TypeDefinition.Sort.VARIABLE) { // a variable erases to its bound: unnamed
      TypeDescription erasure = type.asErasure();
      while (erasure.isArray()) {
        erasure = erasure.getComponentType();
      }
      String name = erasure.getName();
      int dot = name.lastIndexOf('.');
      if (!erasure.isPrimitive() && dot > 0) {
        into.add(name.substring(0, dot));
      }
      if (sort == TypeDefinition.Sort.PARAMETERIZED) {
        for (TypeDescription.Generic argument : type.getTypeArguments()) {
          collectPackages(argument, into, depth + 1);
        }
      }
    }
  }

  /** The key parameters' types, as the runtime compares them with an invalidation's. */
  static String[] keyTypes(MethodDescription method, int[] key) {
    String[] types = new String[key.length];
    for (int i = 0; i < key.length; i++) {
      types[i] = method.getParameters().get(key[i]).getType().asErasure().getName();
    }
    return types;
  }
}
