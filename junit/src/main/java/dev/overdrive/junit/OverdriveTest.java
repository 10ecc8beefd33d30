package dev.overdrive.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class with {@link OverdriveExtension}: it fails at once, with the recipe, when the
 * tests run without the agent; and it empties the caches before each test, so a value cached by one
 * test (from its mock) is never served to the next.
 *
 * <pre>{@code
 * @OverdriveTest
 * class OwnerServiceTest {
 *   @Test void findsAlice() { assertEquals("Alice", new OwnerService(id -> "Alice").name(1)); }
 *   @Test void findsBob()   { assertEquals("Bob",   new OwnerService(id -> "Bob").name(1)); }
 * }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(OverdriveExtension.class)
public @interface OverdriveTest {

  /** Fail every test of the class when the agent is not attached. */
  boolean requireAgent() default true;

  /** The caches emptied before each test; empty: every cache. */
  String[] caches() default {};

  /** After each test, wait this long at most for {@code @Async} and other background work. */
  String awaitIdle() default "10s";
}
