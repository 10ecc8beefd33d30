package dev.overdrive.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Properties;
import net.bytebuddy.description.annotation.AnnotationDescription;
import org.junit.jupiter.api.Test;

class AnnotationReaderTest {

  /** What an older annotations jar's {@code @Async} looked like: no orderBy, no durable. */
  @Retention(RetentionPolicy.RUNTIME)
  @interface OldAsync {
    String executor() default "default";

    int[] key() default {};
  }

  @OldAsync(
      executor = "${it.executor:io}",
      key = {0, 2})
  static class Annotated {}

  private static AnnotationReader reader(Properties p) {
    return new AnnotationReader(
        AnnotationDescription.ForLoadedAnnotation.of(Annotated.class.getAnnotation(OldAsync.class)),
        p);
  }

  @Test
  void attributesAnOlderAnnotationLacksTakeTheirDefault() {
    AnnotationReader a = reader(new Properties());
    assertFalse(a.has("orderBy"));
    assertTrue(a.has("executor"));
    assertEquals(-1, a.longValue("orderBy", -1));
    assertFalse(a.bool("durable", false));
    assertEquals("", a.string("localTtl", ""));
  }

  @Test
  void placeholdersResolveFromProperties() {
    Properties p = new Properties();
    assertEquals("io", reader(p).string("executor"));
    p.setProperty("it.executor", "mail");
    assertEquals("mail", reader(p).string("executor"));
  }

  @Test
  void keyIndicesAreCheckedAgainstTheParameters() {
    assertEquals(2, reader(new Properties()).keyIndices("key", 3)[1]);
    BadAnnotation e =
        assertThrows(BadAnnotation.class, () -> reader(new Properties()).keyIndices("key", 2));
    assertTrue(
        e.getMessage().contains("index 2 is out of range: the method has 2 parameters"),
        e.getMessage());
  }
}
