package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class PrefilterTransformerTest {

  private final ClassLoader app = getClass().getClassLoader();

  @Test
  void acceptsAnnotatedApplicationClass() throws IOException {
    byte[] bytes = ConstantPoolTest.bytes(ConstantPoolTest.Annotated.class);
    assertTrue(PrefilterTransformer.accepts(app, "com/acme/Annotated", bytes));
  }

  @Test
  void rejectsBootstrapHiddenJdkAndOwnClasses() throws IOException {
    byte[] bytes = ConstantPoolTest.bytes(ConstantPoolTest.Annotated.class);
    assertFalse(PrefilterTransformer.accepts(null, "com/acme/Annotated", bytes));
    assertFalse(PrefilterTransformer.accepts(app, null, bytes));
    assertFalse(PrefilterTransformer.accepts(app, "java/util/Foo", bytes));
    assertFalse(PrefilterTransformer.accepts(app, "dev/overdrive/runtime/Dispatch", bytes));
    assertFalse(PrefilterTransformer.accepts(app, "dev/overdrive/shaded/caffeine/X", bytes));
  }

  @Test
  void rejectsClassesThatDoNotMentionUs() throws IOException {
    byte[] bytes = ConstantPoolTest.bytes(ConstantPoolTest.Plain.class);
    assertFalse(PrefilterTransformer.accepts(app, "com/acme/Plain", bytes));
  }
}
