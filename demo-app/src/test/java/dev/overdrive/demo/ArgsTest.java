package dev.overdrive.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

  @Test
  void flagsAndPositionals() {
    Args a = Args.parse("compare", "--duration=2s", "--concurrency=8", "--seed=false", "--x");
    assertEquals(List.of("compare"), a.positional());
    assertEquals(Duration.ofSeconds(2), a.duration("duration", Duration.ZERO));
    assertEquals(8, a.integer("concurrency", 1));
    assertFalse(a.bool("seed", true));
    assertTrue(a.bool("x", false));
    assertEquals(50_000, a.integer("products", 50_000));
  }

  @Test
  void durations() {
    assertEquals(Duration.ofMillis(500), Args.duration("500ms", "d"));
    assertEquals(Duration.ofMillis(1500), Args.duration("1.5s", "d"));
    assertEquals(Duration.ofMinutes(1), Args.duration("1m", "d"));
    assertEquals(Duration.ofSeconds(3), Args.duration("3", "d"));
    assertEquals("1.5s", Args.format(Duration.ofMillis(1500)));
    assertEquals("5ms", Args.format(Duration.ofMillis(5)));
    assertEquals("1m", Args.format(Duration.ofSeconds(60)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Args.parse("--duration=soon").duration("duration", Duration.ZERO));
    assertTrue(e.getMessage().contains("--duration=soon"), e.getMessage());
  }

  @Test
  void unknownFlagsAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Args.parse("--duraton=2s").allow(Set.of("duration")));
    assertTrue(e.getMessage().contains("--duraton"), e.getMessage());
  }

  @Test
  void shellQuotingKeepsCommandsPasteable() {
    assertEquals(
        "java -Dx=1 'a b' 'it'\\''s'", Launcher.shell(List.of("java", "-Dx=1", "a b", "it's")));
  }
}
