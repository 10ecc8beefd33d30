package dev.overdrive.runtime.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BreakerTest {

  private long now;
  private final List<Boolean> changes = new ArrayList<>();
  private final Breaker breaker = new Breaker(3, 100, 400, () -> now, changes::add);

  private void advance(long millis) {
    now += TimeUnit.MILLISECONDS.toNanos(millis);
  }

  @Test
  void opensAfterConsecutiveFailuresOnly() {
    breaker.failure();
    breaker.failure();
    breaker.success(); // not consecutive
    breaker.failure();
    breaker.failure();
    assertTrue(breaker.allow());
    breaker.failure();
    assertFalse(breaker.allow(), "third consecutive failure opens it");
    assertEquals(List.of(false), changes);
    assertEquals(1, breaker.opened());
  }

  @Test
  void halfOpenLetsOneProbeThroughAfterTheBackoffAndClosesOnSuccess() {
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    advance(99);
    assertFalse(breaker.allow());
    advance(1);
    assertTrue(breaker.allow(), "the probe");
    assertFalse(breaker.allow(), "only one probe at a time");
    breaker.success();
    assertTrue(breaker.closed());
    assertTrue(breaker.allow());
    assertEquals(List.of(false, true), changes);
  }

  @Test
  void aFailedProbeDoublesTheBackoffUpToItsMaximum() {
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    long[] expected = {100, 200, 400, 400};
    for (long wait : expected) {
      advance(wait - 1);
      assertFalse(breaker.allow(), "still open before " + wait + " ms");
      advance(1);
      assertTrue(breaker.allow(), "probe after " + wait + " ms");
      breaker.failure();
    }
    assertEquals(List.of(false), changes, "reopening is not a new outage");
    advance(400);
    assertTrue(breaker.allow());
    breaker.success();
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    advance(100);
    assertTrue(breaker.allow(), "closing reset the backoff");
  }
}
