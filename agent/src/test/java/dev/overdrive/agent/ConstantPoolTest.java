package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.overdrive.annotations.Cached;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class ConstantPoolTest {

  static class Annotated {
    @Cached
    String find(String id) {
      return id;
    }

    double constants() {
      return 1.5d + 7L; // long and double pool entries take two slots
    }
  }

  static class Plain {
    String find(String id) {
      return id + 2.5d + Long.MAX_VALUE;
    }
  }

  @Test
  void findsOurAnnotation() throws IOException {
    assertTrue(ConstantPool.mentionsAnnotations(bytes(Annotated.class)));
  }

  @Test
  void ignoresClassesWithoutIt() throws IOException {
    assertFalse(ConstantPool.mentionsAnnotations(bytes(Plain.class)));
    assertFalse(ConstantPool.mentionsAnnotations(bytes(String.class)));
    assertFalse(
        ConstantPool.mentionsAnnotations(bytes(java.util.concurrent.ConcurrentHashMap.class)));
  }

  @Test
  void malformedBytesAreNotOurs() {
    assertFalse(ConstantPool.mentionsAnnotations(new byte[] {(byte) 0xCA, (byte) 0xFE}));
    assertFalse(ConstantPool.mentionsAnnotations(new byte[0]));
  }

  static byte[] bytes(Class<?> type) throws IOException {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    try (InputStream in = type.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }
}
