package dev.overdrive.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The same methods under Spring's {@code @Cacheable}, called through the CGLIB proxy Spring puts in
 * front of the bean, backed by Caffeine with the same {@code maximumSize}.
 */
public class SpringService implements Service {

  private long bodyCalls;

  @Override
  @Cacheable("lookup")
  public Long lookup(String key) {
    bodyCalls++;
    return Work.of(key);
  }

  @Override
  @Cacheable("lookup3")
  public Long lookup3(String tenant, int item, long version) {
    bodyCalls++;
    return Work.of(tenant, item, version);
  }

  /**
   * Not cached: the proxy passes it to the target, whose counter this is (the proxy has its own).
   */
  @Override
  public long bodyCalls() {
    return bodyCalls;
  }

  /** The application context: a subclass proxy ({@code proxyTargetClass}), as Spring Boot makes. */
  @Configuration
  @EnableCaching(proxyTargetClass = true)
  public static class Config {

    /**
     * Set by the benchmark before the context starts; a context per fork, so a static is enough.
     */
    static boolean recordStats;

    @Bean
    public CacheManager cacheManager() {
      CaffeineCacheManager manager = new CaffeineCacheManager();
      Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(KeySpace.MAX_SIZE);
      manager.setCaffeine(recordStats ? builder.recordStats() : builder);
      manager.setCacheNames(java.util.List.of("lookup", "lookup3"));
      return manager;
    }

    @Bean
    public SpringService springService() {
      return new SpringService();
    }
  }
}
