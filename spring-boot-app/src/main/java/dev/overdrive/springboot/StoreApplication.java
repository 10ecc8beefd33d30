package dev.overdrive.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A Spring Boot application whose beans carry Overdrive annotations. It has no web server: the
 * {@link StoreChecks} runner exercises the beans, prints one {@code PASS}/{@code FAIL} line per
 * check and {@code DONE}, and the application ends. Run it as the fat jar, {@code java
 * -javaagent:overdrive-agent.jar -jar overdrive-spring-boot-app.jar}, so that its classes come from
 * Spring Boot's {@code LaunchedClassLoader}.
 *
 * <p>{@code @EnableCaching} is here only so that one bean also uses Spring's own
 * {@code @Cacheable}: that makes the bean a CGLIB proxy, and shows, in the same run, the proxy
 * doing nothing for calls the bean makes to itself while Overdrive's {@code @Cached} does.
 */
@SpringBootApplication
@EnableCaching
public class StoreApplication {

  public static void main(String[] args) {
    // The runner has finished when run() returns: close the context, exit with its exit code.
    System.exit(SpringApplication.exit(SpringApplication.run(StoreApplication.class, args)));
  }
}
