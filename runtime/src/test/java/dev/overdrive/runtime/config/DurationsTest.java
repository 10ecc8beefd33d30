package dev.overdrive.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void shortForms() {
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofSeconds(10), Durations.parse("10s"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofHours(1), Durations.parse("1h"));
    assertEquals(Duration.ofDays(2), Durations.parse("2d"));
    assertEquals(Duration.ofNanos(250_000), Durations.parse("250us"));
    assertEquals(Duration.ofSeconds(3), Durations.parse(" 3 s "));
  }

  @Test
  void isoForm() {
    assertEquals(Duration.ofMinutes(10), Durations.parse("PT10M"));
    assertEquals(Duration.ofMillis(1500), Durations.parse("PT1.5S"));
  }

  @Test
  void emptyMeansNone() {
    assertNull(Durations.parse(""));
    assertNull(Durations.parse("  "));
  }

  @Test
  void malformedNamesTheTextAndTheForms() {
    for (String bad :
        new String[] {"soon", "10", "ms", "10x", "-5s", "PT", "1.5s", "99999999999999999999d"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Durations.parse(bad), bad);
      assertTrue(e.getMessage().contains(bad.trim()), e.getMessage());
    }
  }

  @Test
  void negativeIsoRejected() {
    assertThrows(IllegalArgumentException.class, () -> Durations.parse("-PT5S"));
  }
}
