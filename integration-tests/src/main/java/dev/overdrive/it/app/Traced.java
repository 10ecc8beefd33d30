package dev.overdrive.it.app;

import dev.overdrive.annotations.Async;
import dev.overdrive.annotations.Cached;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Methods both agents rewrite: OpenTelemetry's {@code @WithSpan} (a span around the method) and
 * Overdrive's annotations. Without the OpenTelemetry agent {@code @WithSpan} does nothing and
 * {@link Span#current()} is invalid, so every check on a span fails.
 */
public class Traced {

  public static final AtomicInteger LOOKUPS = new AtomicInteger();

  /** The span the last {@link #lookup} body ran in. */
  public static volatile SpanContext lookupSpan;

  @WithSpan
  @Cached
  public String lookup(String key) {
    LOOKUPS.incrementAndGet();
    lookupSpan = Span.current().getSpanContext();
    return "found-" + key;
  }

  /**
   * In a span of its own, hands work to Overdrive's executor (self-invocation of an {@code @Async}
   * method) and returns this span's trace id, then the trace id and the thread the {@code @Async}
   * body saw.
   */
  @WithSpan
  public String[] handOff() throws Exception {
    String[] there = onExecutor().get(10, TimeUnit.SECONDS);
    return new String[] {Span.current().getSpanContext().getTraceId(), there[0], there[1]};
  }

  @Async
  public CompletableFuture<String[]> onExecutor() {
    return CompletableFuture.completedFuture(
        new String[] {
          Span.current().getSpanContext().getTraceId(), Thread.currentThread().getName()
        });
  }
}
