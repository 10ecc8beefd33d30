package dev.overdrive.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One executor per name, created on first use; a name nobody configured is reported. */
class ExecutorRegistryTest {

  @Test
  void theBuiltInExecutorsAreSharedByName() {
    NamedExecutor batch = ExecutorRegistry.named("batch");
    assertSame(batch, ExecutorRegistry.named("batch"));
    assertSame(ExecutorRegistry.named("default"), ExecutorRegistry.named("default"));
    assertNotSame(batch, ExecutorRegistry.named("default"));
    assertEquals(
        Math.max(8, 2 * Runtime.getRuntime().availableProcessors()),
        ExecutorRegistry.threads("batch"));
    assertNull(ExecutorRegistry.problem("default"));
    assertTrue(
        ExecutorRegistry.problem("unit-never-configured")
            .startsWith("executor \"unit-never-configured\" is not configured"));
  }
}
