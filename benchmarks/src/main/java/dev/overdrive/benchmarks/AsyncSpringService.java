package dev.overdrive.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * The same body under Spring's {@code @Async}, called through the CGLIB proxy Spring puts in front
 * of the bean, on an {@code Executor} bean that is a pool configured like Overdrive's {@code
 * default} executor ({@link AsyncPool}); Spring adapts it with its {@code TaskExecutorAdapter} and
 * submits a {@code CompletableFuture}-returning method through {@code
 * CompletableFuture.supplyAsync}.
 */
public class AsyncSpringService {

  static final String EXECUTOR = "benchAsyncPool";
  static final String THREADS = "spring-async-";

  private final AsyncTally tally = new AsyncTally(THREADS);

  @Async(EXECUTOR)
  public CompletableFuture<Long> compute(long x) {
    return CompletableFuture.completedFuture(tally.body(x));
  }

  /**
   * Not advised: the proxy passes it to the target, whose tally this is (the proxy has its own
   * field).
   */
  public AsyncTally tally() {
    return tally;
  }

  /** The application context: a subclass proxy ({@code proxyTargetClass}), as Spring Boot makes. */
  @Configuration
  @EnableAsync(proxyTargetClass = true)
  public static class Config {

    /** Shut down with the context (Spring infers {@code shutdown()} as its destroy method). */
    @Bean(EXECUTOR)
    public Executor benchAsyncPool() {
      return AsyncPool.like("default", THREADS);
    }

    @Bean
    public AsyncSpringService asyncSpringService() {
      return new AsyncSpringService();
    }
  }
}
