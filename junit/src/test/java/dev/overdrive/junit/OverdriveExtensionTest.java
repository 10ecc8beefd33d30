package dev.overdrive.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OverdriveExtensionTest {

  @Test
  void withoutTheAgentTestsFailAtOnceWithTheRecipe() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> OverdriveExtension.requireAgent(false));
    assertTrue(e.getMessage().contains("-javaagent:"), e.getMessage());
    OverdriveExtension.requireAgent(true);
  }

  @Test
  void awaitIdleTakesTheAnnotationsDurations() {
    assertEquals(Duration.ofSeconds(10), OverdriveTesting.duration("10s"));
    assertEquals(Duration.ofMillis(250), OverdriveTesting.duration("250ms"));
    assertEquals(Duration.ZERO, OverdriveTesting.duration("0"));
    assertEquals(Duration.ofMinutes(1), OverdriveTesting.duration("PT1M"));
    assertThrows(IllegalArgumentException.class, () -> OverdriveTesting.duration("soon"));
  }
}
