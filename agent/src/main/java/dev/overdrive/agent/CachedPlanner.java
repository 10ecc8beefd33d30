package dev.overdrive.agent;

import dev.overdrive.agent.advice.CachedAdvice;
import dev.overdrive.agent.advice.CachedArgumentsAdvice;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.cache.CacheSpec;
import dev.overdrive.runtime.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
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
      plan = new Plan("@Cached", spec.describe(), site, CachedAdvice.class, single,
          List.of(spec.name()));
    } else {
      plan = new Plan("@Cached", spec.describe(), site, CachedArgumentsAdvice.class, null,
          List.of(spec.name()));
    }
    if (a.doubleValue("jitter") > 0 && a.duration("ttl") == null) {
      plan = plan.warning("@Cached jitter has no effect without a ttl");
    }
    return plan;
  }

  /** Only {@code Object}, {@code Cloneable}, {@code Serializable} and arrays can hold an array. */
  private static boolean mayHoldArray(TypeDefinition type) {
    String name = type.asErasure().getName();
    return type.isArray() || name.equals("java.lang.Object") || name.equals("java.lang.Cloneable")
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
      throw a.bad("refreshAfter", "needs the key to be every parameter, because the reload"
          + " calls the method again with the key's values");
    }
    return new CacheSpec(methodRef(type, method), name, ttl, jitter, maxSize, refreshAfter,
        a.bool("cacheNulls"), key, keyTypes(method, key));
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
