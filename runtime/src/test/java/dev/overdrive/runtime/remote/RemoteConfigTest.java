package dev.overdrive.runtime.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RemoteConfigTest {

  @Test
  void parsesTheUriForms() {
    RemoteConfig plain = RemoteConfig.parse("redis://cache.internal:6380/2");
    assertEquals("cache.internal", plain.host);
    assertEquals(6380, plain.port);
    assertEquals(2, plain.database);
    assertFalse(plain.ssl);
    assertNull(plain.password);
    RemoteConfig user = RemoteConfig.parse("rediss://app:s%40cret@10.0.0.5");
    assertEquals(6379, user.port, "the default port");
    assertEquals("app", user.user);
    assertEquals("s@cret", user.password);
    assertTrue(user.ssl);
    RemoteConfig legacy = RemoteConfig.parse("redis://:only-password@h:1");
    assertNull(legacy.user);
    assertEquals("only-password", legacy.password);
    RemoteConfig bare = RemoteConfig.parse("redis://secret@h:1");
    assertNull(bare.user);
    assertEquals("secret", bare.password);
  }

  @Test
  void badUrisSayWhatIsWrongWithoutEchoingThePassword() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> RemoteConfig.parse("http://h:1"))
            .getMessage()
            .contains("redis://"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> RemoteConfig.parse("redis://u:pw@h:1/x"))
            .getMessage()
            .contains("database"));
    assertThrows(IllegalArgumentException.class, () -> RemoteConfig.parse("redis:///0"));
    assertFalse(RemoteConfig.parse("redis://u:topsecret@h:1").toString().contains("topsecret"));
  }

  @Test
  void defaultsAreApiMds() {
    RemoteConfig c = RemoteConfig.parse("redis://h:1");
    assertEquals("overdrive", c.prefix);
    assertEquals(100, c.timeoutMillis);
    assertThrows(IllegalArgumentException.class, () -> c.jvmId("a|b"));
  }
}
