package dev.overdrive.springboot;

import dev.overdrive.annotations.CacheInvalidate;
import dev.overdrive.annotations.Cached;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Overdrive's {@code @Cached} next to Spring's {@code @Cacheable} on one bean. Each body counts its
 * runs, which is what the checks assert on. Because of {@code @Cacheable} this bean is a CGLIB
 * proxy: calls from other beans go through the proxy, calls the bean makes to itself do not.
 */
@Service
public class CatalogService {

  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicInteger springLoads = new AtomicInteger();

  @Cached(name = "products")
  public Product product(long id) {
    return new Product(id, "product-" + id, loads.incrementAndGet());
  }

  /** Self-invocation: each {@code product(id)} here is a plain call on {@code this}. */
  public List<Product> products(List<Long> ids) {
    List<Product> found = new ArrayList<>();
    for (long id : ids) {
      found.add(product(id));
    }
    return found;
  }

  @CacheInvalidate(cache = "products")
  public void rename(long id) {}

  @Cacheable("spring-products")
  public Product springProduct(long id) {
    return new Product(id, "spring-" + id, springLoads.incrementAndGet());
  }

  /** Self-invocation of a {@code @Cacheable} method: Spring's proxy never sees these calls. */
  public List<Product> springProducts(List<Long> ids) {
    List<Product> found = new ArrayList<>();
    for (long id : ids) {
      found.add(springProduct(id));
    }
    return found;
  }

  public int loads() {
    return loads.get();
  }

  public int springLoads() {
    return springLoads.get();
  }
}
