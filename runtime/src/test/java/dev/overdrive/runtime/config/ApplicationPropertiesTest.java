package dev.overdrive.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationPropertiesTest {

  @Test
  void yamlMapsFlattenToDottedKeys() {
    Properties p =
        ApplicationProperties.yaml(
            """
        # Spring Boot's settings
        spring:
          main:
            banner-mode: "off"
        overdrive:
          report: true   # a comment
          executor:
            letters:
              threads: 2
          disable: 'a.B#m,c.D#*'
        catalog.ttl: 10m
        list:
          - ignored
        ---
        overdrive:
          report: false
        """);
    assertEquals("off", p.getProperty("spring.main.banner-mode"));
    assertEquals("true", p.getProperty("overdrive.report"), "the first document only");
    assertEquals("2", p.getProperty("overdrive.executor.letters.threads"));
    assertEquals("a.B#m,c.D#*", p.getProperty("overdrive.disable"));
    assertEquals("10m", p.getProperty("catalog.ttl"));
    assertNull(p.getProperty("list"));
  }

  @Test
  void propertiesWinOverYamlAndSystemPropertiesOverBoth(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("application.yml"),
        "overdrive:\n  report: true\n  executor:\n    io:\n      threads: 3\n");
    Files.writeString(
        dir.resolve("application.properties"),
        "overdrive.executor.io.threads=4\novedrive.typo=1\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      Properties app = ApplicationProperties.read(loader);
      assertEquals("4", app.getProperty("overdrive.executor.io.threads"));
      assertEquals("true", app.getProperty("overdrive.report"));
      Properties system = new Properties();
      system.setProperty("overdrive.executor.io.threads", "5");
      Config c = Config.over(system, loader);
      assertEquals("5", c.raw("overdrive.executor.io.threads"));
      assertEquals("true", c.raw("overdrive.report"));
      assertEquals("true", c.properties().getProperty("overdrive.report"));
      assertEquals("5", c.properties().getProperty("overdrive.executor.io.threads"));
    }
  }
}
