package dev.overdrive.agent;

import dev.overdrive.agent.advice.CachedAdvice;
import dev.overdrive.agent.advice.CachedArgumentsAdvice;
import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.cache.CacheSpec;
import dev.overdrive.runtime.config.Settings;
import java.time.Duration;
import java.util.Properties;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;

/** {@code @Cached}: one Caffeine cache per method, single-flight misses. */
final class CachedPlanner extends MethodPlanner {

  private final AdviceFactory advice;
  private final Properties properties;

  CachedPlanner(AdviceFactory advice, Properties properties) {
    super(Names.CACHED, Settings.Feature.CACHED);
    this.advice = advice;
    this.properties = properties;
  }

  @Override
  AsmVisitorWrapper plan(TypeDescription type, MethodDescription.InDefinedShape method,
      AnnotationDescription annotation, ClassLoader loader, StringBuilder report) {
    CacheSpec spec = read(type, method, new AnnotationReader(annotation, properties));
    int site = CacheSites.register(spec, loader);
    report.append(spec.describe());
    int[] key = spec.keyIndices();
    if (key.length == 1) {
      ParameterDescription parameter = method.getParameters().get(key[0]);
      if (!mayHoldArray(parameter.getType())) {
        return advice.advise(CachedAdvice.class, method, site, parameter);
      }
    }
    return advice.advise(CachedArgumentsAdvice.class, method, site);
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
    if (jitter > 0 && ttl == null) {
      Log.warn(nameOf(type, method), "@Cached jitter has no effect without a ttl");
    }
    long maxSize = a.longValue("maxSize");
    if (maxSize < 0) {
      throw a.bad("maxSize", maxSize + " is negative");
    }
    Duration refreshAfter = a.duration("refreshAfter");
    if (refreshAfter != null && refreshAfter.isZero()) {
      throw a.bad("refreshAfter", "must be longer than 0");
    }
    int parameters = method.getParameters().size();
    int[] key = keyIndices(a, "key", parameters);
    if (refreshAfter != null && key.length != parameters) {
      throw a.bad("refreshAfter", "needs the key to be every parameter, because the reload"
          + " calls the method again with the key's values");
    }
    return new CacheSpec(methodRef(type, method), name, ttl, jitter, maxSize, refreshAfter,
        a.bool("cacheNulls"), key);
  }

  /** The {@code key} attribute with its default (every parameter) expanded, each index checked. */
  static int[] keyIndices(AnnotationReader a, String attribute, int parameters) {
    int[] key = a.ints(attribute);
    if (key.length == 0) {
      key = new int[parameters];
      for (int i = 0; i < parameters; i++) {
        key[i] = i;
      }
      return key;
    }
    for (int index : key) {
      if (index < 0 || index >= parameters) {
        throw a.bad(attribute, "index " + index + " is out of range: the method has "
            + parameters + " parameter" + (parameters == 1 ? "" : "s"));
      }
    }
    return key;
  }
}
