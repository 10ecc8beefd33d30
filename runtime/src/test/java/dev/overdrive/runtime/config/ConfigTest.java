package dev.overdrive.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private static Config config(String... pairs) {
    Properties p = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      p.setProperty(pairs[i], pairs[i + 1]);
    }
    return new Config(p);
  }

  @Test
  void booleansAreTrueOrFalseInAnyCase() {
    Config c = config("a", " TRUE ", "b", "False", "c", "maybe", "d", "");
    assertTrue(c.bool("a", false));
    assertFalse(c.bool("b", true));
    assertTrue(c.bool("c", true), "neither: the default");
    assertFalse(c.bool("c", false), "neither: the default");
    assertTrue(c.bool("d", true));
    assertTrue(c.bool("unset", true));
  }

  @Test
  void durationsNameTheirProperty() {
    Config c = config("t", "250ms", "bad", "soon");
    assertEquals(Duration.ofMillis(250), c.duration("t", Duration.ZERO));
    assertEquals(Duration.ofSeconds(3), c.duration("unset", Duration.ofSeconds(3)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> c.duration("bad", Duration.ZERO));
    assertTrue(e.getMessage().startsWith("bad: \"soon\" is not a duration"), e.getMessage());
    assertEquals(Duration.ofSeconds(10), c.durationOrDefault("bad", Duration.ofSeconds(10)));
  }

  @Test
  void numbersHaveAFloorAndNameTheirProperty() {
    Config c = config("n", " 12 ", "zero", "0", "text", "abc");
    assertEquals(12, c.integer("n", 1, 1));
    assertEquals(7, c.integer("unset", 7, 1));
    assertEquals(0, c.integer("zero", 5, 0));
    assertEquals(
        "zero=0 is not a positive number",
        assertThrows(IllegalArgumentException.class, () -> c.integer("zero", 5, 1)).getMessage());
    assertEquals(
        "text=abc is not a number >= 0",
        assertThrows(IllegalArgumentException.class, () -> c.integer("text", 5, 0)).getMessage());
  }

  @Test
  void listsDropBlanks() {
    assertEquals(Set.of("a#b", "c#*"), config("l", " a#b , ,c#* ").list("l"));
    assertEquals(Set.of(), config().list("l"));
  }

  /** README's configuration table and this class list the same properties. */
  @Test
  void readmeDocumentsEveryProperty() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    List<String> missing = new ArrayList<>();
    for (Config.Property p : Config.PROPERTIES) {
      if (!readme.contains("`" + p.name() + "`")) {
        missing.add(p.name());
      }
    }
    assertEquals(List.of(), missing, "properties README's table does not list");
  }
}
