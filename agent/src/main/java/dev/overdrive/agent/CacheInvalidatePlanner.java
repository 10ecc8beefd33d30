package dev.overdrive.agent;

import dev.overdrive.agent.advice.CacheInvalidateAdvice;
import dev.overdrive.runtime.MethodRef;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.cache.InvalidationSite;
import dev.overdrive.runtime.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * {@code @CacheInvalidate}, alone or repeated (then its container annotation is planned). Part of
 * the caching feature: {@code overdrive.cached.enabled=false} turns it off too.
 */
final class CacheInvalidatePlanner extends MethodPlanner {

  private final Properties properties;

  CacheInvalidatePlanner(String annotation, Properties properties) {
    super(annotation, Settings.Feature.CACHED, properties);
    this.properties = properties;
  }

  @Override
  Plan plan(TypeDescription type, MethodDescription.InDefinedShape method, AnnotationReader a) {
    requireBody(method, "@CacheInvalidate");
    List<InvalidationSite.Target> targets = new ArrayList<>();
    if (annotation().equals(Names.CACHE_INVALIDATE_LIST)) {
      for (AnnotationDescription each : a.annotations("value")) {
        targets.add(read(method, new AnnotationReader(each, properties)));
      }
    } else {
      targets.add(read(method, a));
    }
    MethodRef ref = methodRef(type, method);
    StringBuilder description = new StringBuilder();
    List<String> caches = new ArrayList<>();
    for (InvalidationSite.Target t : targets) {
      description.append(description.length() == 0 ? "" : " ").append(t);
      caches.add(t.cache());
    }
    return new Plan(
        "@CacheInvalidate",
        description.toString(),
        (loader, undo) -> CacheSites.registerInvalidation(ref, targets, loader, undo),
        CacheInvalidateAdvice.class,
        null,
        caches);
  }

  private static InvalidationSite.Target read(MethodDescription method, AnnotationReader a) {
    String cache = a.string("cache");
    if (cache.isEmpty()) {
      throw a.bad("cache", "is empty: name the @Cached cache to invalidate");
    }
    int[] key = a.keyIndices("key", method.getParameters().size());
    return new InvalidationSite.Target(
        cache, key, CachedPlanner.keyTypes(method, key), a.bool("all"));
  }
}
