package dev.overdrive.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.config.Config;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ExecutorConfigTest {

  private static Config config(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return new Config(p);
  }

  @Test
  void theBuiltInExecutorsNeedNoProperties() {
    int processors = Runtime.getRuntime().availableProcessors();
    ExecutorConfig d = ExecutorConfig.read("default", config());
    assertEquals(processors, d.threads());
    assertEquals(10_000, d.queue());
    assertFalse(d.virtual());
    assertEquals(Math.max(8, 2 * processors), ExecutorConfig.read("batch", config()).threads());
  }

  @Test
  void anyOtherNameMustBeConfigured() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExecutorConfig.read("io", config()));
    assertTrue(
        e.getMessage()
            .startsWith(
                "executor \"io\" is not configured: set" + " -Doverdrive.executor.io.threads=N"),
        e.getMessage());
    ExecutorConfig io =
        ExecutorConfig.read(
            "io",
            config("overdrive.executor.io.threads", "32", "overdrive.executor.io.queue", "0"));
    assertEquals(32, io.threads());
    assertEquals(0, io.queue());
  }

  @Test
  void badNumbersNameTheirProperty() {
    assertEquals(
        "overdrive.executor.io.threads=0 is not a positive number",
        assertThrows(
                IllegalArgumentException.class,
                () -> ExecutorConfig.read("io", config("overdrive.executor.io.threads", "0")))
            .getMessage());
    assertEquals(
        "overdrive.executor.io.queue=-1 is not a number >= 0",
        assertThrows(
                IllegalArgumentException.class,
                () -> ExecutorConfig.read("io", config("overdrive.executor.io.queue", "-1")))
            .getMessage());
  }
}
