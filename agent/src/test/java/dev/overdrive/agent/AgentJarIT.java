package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.runtime.remote.RedisServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
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
    assertTrue(
        relocated > 1000, "ByteBuddy, ASM, Caffeine, Jedis and LZ4 are inside: " + relocated);
  }

  @Test
  void librariesAreRelocatedAndTheApplicationsOwnAreNotShipped() throws IOException {
    try (JarFile jar = jar()) {
      assertTrue(jar.getEntry("dev/overdrive/shaded/bytebuddy/ByteBuddy.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/shaded/bytebuddy/jar/asm/ClassVisitor.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/shaded/caffeine/cache/Caffeine.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/shaded/redis/jedis/Connection.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/shaded/lz4/lz4/LZ4Factory.class") != null);
      assertTrue(jar.getEntry("dev/overdrive/runtime/Dispatch.class") != null);
      assertTrue(
          jar.getEntry("dev/overdrive/annotations/Cached.class") == null,
          "annotations come from the application");
      assertTrue(
          jar.getEntry("io/micrometer/core/instrument/Metrics.class") == null,
          "Micrometer is the application's");
    }
  }

  /** Jedis's SLF4J is relocated; the MDC bridge still means the application's SLF4J. */
  @Test
  void theMdcBridgeStillNamesTheApplicationsSlf4j() throws IOException {
    try (JarFile jar = jar()) {
      for (String bridge : List.of("MdcCarrier", "BridgedTaskHooks")) {
        String bytes =
            new String(
                jar.getInputStream(
                        jar.getEntry("dev/overdrive/runtime/bridge/" + bridge + ".class"))
                    .readAllBytes(),
                StandardCharsets.ISO_8859_1);
        assertTrue(bytes.contains("org/slf4j/MDC"), bridge + " refers to org.slf4j.MDC");
        assertTrue(!bytes.contains("shaded/slf4j"), bridge + " is not relocated");
      }
      assertTrue(jar.getEntry("dev/overdrive/shaded/slf4j/LoggerFactory.class") != null);
    }
  }

  @Test
  void noNativeLibraryAndNoTestSupportIsShipped() throws IOException {
    List<String> unwanted = new ArrayList<>();
    try (JarFile jar = jar()) {
      for (JarEntry e : Collections.list(jar.entries())) {
        String name = e.getName();
        if (name.endsWith(".so")
            || name.endsWith(".dylib")
            || name.endsWith(".dll")
            || name.contains("RedisServerProcess")
            || name.contains("TcpProxy")) {
          unwanted.add(name);
        }
      }
    }
    assertEquals(List.of(), unwanted, "LZ4 runs as pure Java; test support stays in tests");
  }

  /**
   * The shipped remote tier (relocated Jedis and LZ4, whose factory finds its classes by name)
   * talks to a real Redis, and says nothing on stderr (no SLF4J "no providers" warning).
   */
  @Test
  void theShippedRemoteTierWorksAgainstRedisQuietly() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream said = new ByteArrayOutputStream();
    try (RedisServerProcess redis = RedisServerProcess.start();
        URLClassLoader shipped =
            new URLClassLoader(
                new URL[] {new File(System.getProperty("overdrive.agent.jar")).toURI().toURL()},
                ClassLoader.getPlatformClassLoader())) {
      System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
      String pkg = "dev.overdrive.runtime.remote.";
      Class<?> configType = shipped.loadClass(pkg + "RemoteConfig");
      Class<?> listenerType = shipped.loadClass(pkg + "InvalidationListener");
      Class<?> tierType = shipped.loadClass(pkg + "RemoteTier");
      Class<?> codecType = shipped.loadClass(pkg + "ValueCodec");
      Class<?> lookupType = shipped.loadClass(pkg + "RemoteCache$Lookup");
      Object config = configType.getMethod("parse", String.class).invoke(null, redis.uri());
      Object listener =
          Proxy.newProxyInstance(
              shipped, new Class<?>[] {listenerType}, (proxy, method, args) -> null);
      Object tier =
          tierType.getMethod("start", configType, listenerType).invoke(null, config, listener);
      try {
        Object cache = tierType.getMethod("cache", String.class).invoke(tier, "it");
        Object codec =
            codecType
                .getConstructor(ClassLoader.class, Collection.class, String.class, int.class)
                .newInstance(shipped, List.of(), "", 64);
        String value = "compressible ".repeat(1000);
        byte[] bytes = (byte[]) codecType.getMethod("encode", Object.class).invoke(codec, value);
        assertTrue(bytes.length < value.length() / 4, "LZ4-compressed: " + bytes.length);
        Method get = cache.getClass().getMethod("get", String.class);
        Object miss = get.invoke(cache, "s1:k");
        assertEquals("MISS", String.valueOf(miss));
        assertEquals(
            true,
            cache
                .getClass()
                .getMethod("put", lookupType, byte[].class, long.class)
                .invoke(cache, miss, bytes, 60_000L));
        Object hit = get.invoke(cache, "s1:k");
        assertEquals("HIT", String.valueOf(hit));
        Object decoded = lookupType.getMethod("decode", codecType).invoke(hit, codec);
        assertEquals(value, decoded.getClass().getField("value").get(decoded));
      } finally {
        tierType.getMethod("close").invoke(tier);
      }
    } finally {
      System.setErr(err);
    }
    assertEquals("", said.toString(StandardCharsets.UTF_8), "nothing on stderr");
  }

  @Test
  void theShippedLibrariesLicencesAndNoticesAreKept() throws IOException {
    try (JarFile jar = jar()) {
      String license =
          new String(
              jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(),
              StandardCharsets.UTF_8);
      assertTrue(license.contains("This product bundles ASM"), "ByteBuddy's, with ASM's note");
      assertEquals(
          2,
          license.split("TERMS AND CONDITIONS FOR USE", -1).length - 1,
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
