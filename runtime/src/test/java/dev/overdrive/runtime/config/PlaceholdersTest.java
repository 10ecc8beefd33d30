package dev.overdrive.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  private final Properties props = new Properties();

  PlaceholdersTest() {
    props.setProperty("ttl", "5m");
    props.setProperty("empty", "");
  }

  @Test
  void plainTextUnchanged() {
    assertEquals("10s", Placeholders.resolve("10s", props));
  }

  @Test
  void propertyWinsOverDefault() {
    assertEquals("5m", Placeholders.resolve("${ttl:1h}", props));
    assertEquals("", Placeholders.resolve("${empty:1h}", props));
  }

  @Test
  void defaultWhenUnset() {
    assertEquals("1h", Placeholders.resolve("${unset:1h}", props));
    assertEquals("", Placeholders.resolve("${unset:}", props));
    assertEquals("a:b", Placeholders.resolve("${unset:a:b}", props));
  }

  @Test
  void severalPlaceholdersAndText() {
    assertEquals("cache-5m-x", Placeholders.resolve("cache-${ttl}-${unset:x}", props));
  }

  @Test
  void unsetWithoutDefaultNamesTheProperty() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Placeholders.resolve("${missing.prop}", props));
    assertTrue(e.getMessage().contains("missing.prop"), e.getMessage());
  }

  @Test
  void unclosedRejected() {
    assertThrows(IllegalArgumentException.class, () -> Placeholders.resolve("${ttl", props));
  }
}
