package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The packaged agent jar: self-contained, its libraries relocated, a proper agent manifest. */
class AgentJarIT {

  private static JarFile jar() throws IOException {
    return new JarFile(System.getProperty("overdrive.agent.jar"));
  }

  @Test
  void everyClassIsOursOrRelocatedUnderOurPackage() throws IOException {
    List<String> foreign = new ArrayList<>();
    int relocated = 0;
    try (JarFile jar = jar()) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (name.endsWith(".class")) {
          if (!name.startsWith("dev/overdrive/")) {
            foreign.add(name);
          }
          if (name.startsWith("dev/overdrive/shaded/")) {
            relocated++;
          }
        }
      }
    }
    assertEquals(List.of(), foreign, "unrelocated third-party classes in the agent jar");
    assertTrue(relocated > 1000, "ByteBuddy, ASM and Caffeine are inside: " + relocated);
  }

  @Test
  void librariesAreRelocatedAndTheApplicationsOwnAreNotShipped() throws IOException {
    try (JarFile jar = jar()) {
      assertTrue(jar.getEntry("dev/overdrive/shaded/bytebuddy/ByteBuddy.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/shaded/bytebuddy/jar/asm/ClassVisitor.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/shaded/caffeine/cache/Caffeine.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/runtime/Dispatch.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/annotations/Cached.class") == null,
          "annotations come from the application");
      assertTrue(jar.getEntry("io/micrometer/core/instrument/Metrics.class") == null,
          "Micrometer is the application's");
    }
  }

  @Test
  void theShippedLibrariesLicencesAndNoticesAreKept() throws IOException {
    try (JarFile jar = jar()) {
      String license = new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE"))
          .readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(license.contains("This product bundles ASM"), "ByteBuddy's, with ASM's note");
      assertEquals(2, license.split("TERMS AND CONDITIONS FOR USE", -1).length - 1,
          "ByteBuddy's and Caffeine's licence texts, both");
      assertTrue(jar.getEntry("META-INF/licenses/ASM") != null, "ASM's licence");
      assertTrue(jar.getEntry("META-INF/NOTICE") != null, "ByteBuddy's notice");
    }
  }

  @Test
  void manifestMakesItAnAgent() throws IOException {
    try (JarFile jar = jar()) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("dev.overdrive.agent.OverdriveAgent", main.getValue("Premain-Class"));
      assertEquals("dev.overdrive.agent.OverdriveAgent", main.getValue("Agent-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
    }
  }
}
