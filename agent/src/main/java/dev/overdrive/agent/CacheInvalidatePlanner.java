package dev.overdrive.agent;

import dev.overdrive.agent.advice.CacheInvalidateAdvice;
import dev.overdrive.runtime.cache.CacheSites;
import dev.overdrive.runtime.cache.InvalidationSite;
import dev.overdrive.runtime.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

/**
 * {@code @CacheInvalidate}, alone or repeated (then its container annotation is planned). Part
 * of the caching feature: {@code overdrive.cached.enabled=false} turns it off too.
 */
final class CacheInvalidatePlanner extends MethodPlanner {

  private final AdviceFactory advice;
  private final Properties properties;

  CacheInvalidatePlanner(String annotation, AdviceFactory advice, Properties properties) {
    super(annotation, Settings.Feature.CACHED);
    this.advice = advice;
    this.properties = properties;
  }

  @Override
  AsmVisitorWrapper plan(TypeDescription type, MethodDescription.InDefinedShape method,
      AnnotationDescription annotation, ClassLoader loader, StringBuilder report) {
    requireBody(method, "@CacheInvalidate");
    List<InvalidationSite.Target> targets = new ArrayList<>();
    if (annotation.getAnnotationType().getName().equals(Names.CACHE_INVALIDATE_LIST)) {
      for (AnnotationDescription each :
          new AnnotationReader(annotation, properties).annotations("value")) {
        targets.add(read(method, new AnnotationReader(each, properties)));
      }
    } else {
      targets.add(read(method, new AnnotationReader(annotation, properties)));
    }
    int site = CacheSites.registerInvalidation(
        new InvalidationSite(methodRef(type, method), targets), loader);
    for (InvalidationSite.Target t : targets) {
      report.append(report.length() == 0 ? "" : " ").append(t);
    }
    return advice.advise(CacheInvalidateAdvice.class, method, site);
  }

  private static InvalidationSite.Target read(MethodDescription method, AnnotationReader a) {
    String cache = a.string("cache");
    if (cache.isEmpty()) {
      throw a.bad("cache", "is empty: name the @Cached cache to invalidate");
    }
    int[] key = CachedPlanner.keyIndices(a, "key", method.getParameters().size());
    return new InvalidationSite.Target(cache, key, a.bool("all"));
  }
}
