package dev.overdrive.springboot;

import dev.overdrive.annotations.Async;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/** Overdrive's {@code @Async} on a bean; each send records where and with what context it ran. */
@Service
public class NotificationService {

  /** One message sent: its thread, the MDC's {@code request} there, its context class loader. */
  public record Delivery(String thread, String request, ClassLoader contextLoader) {}

  private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();

  @Async
  public void send(String to, CountDownLatch sent) {
    Thread t = Thread.currentThread();
    deliveries.put(to, new Delivery(t.getName(), MDC.get("request"), t.getContextClassLoader()));
    sent.countDown();
  }

  /** On an executor configured in application.yml, which the agent reads itself. */
  @Async(executor = "letters")
  public CompletableFuture<String> render(String to) {
    return CompletableFuture.completedFuture(
        "Dear " + to + ", from " + Thread.currentThread().getName());
  }

  /**
   * Self-invocation: with Spring's {@code @Async} these sends would run right here, one after the
   * other on the caller's thread. Returns whether all were sent within 10 seconds.
   */
  public boolean broadcast(List<String> recipients) throws InterruptedException {
    CountDownLatch sent = new CountDownLatch(recipients.size());
    for (String to : recipients) {
      send(to, sent);
    }
    return sent.await(10, TimeUnit.SECONDS);
  }

  public Map<String, Delivery> deliveries() {
    return deliveries;
  }
}
