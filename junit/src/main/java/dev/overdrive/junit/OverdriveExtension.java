package dev.overdrive.junit;

import dev.overdrive.Overdrive;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Test isolation for code that uses Overdrive (see {@link OverdriveTest} for the settings).
 *
 * <p>Why a reset and not a cache per instance: a {@code @Cached} cache is shared by every instance
 * of its class, as the contract says and as a service's singletons need. In a test suite each test
 * builds a fresh object around a fresh mock, so a value cached in one test would be served in the
 * next. Emptying the caches before each test gives each test what a fresh JVM would give it.
 */
public final class OverdriveExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

  static final String NO_AGENT =
      "Overdrive's agent is not attached to this JVM, so @Cached,"
          + " @Batched, @Async and @Parallel do nothing here. Run the tests with"
          + " -javaagent:<path>/overdrive-agent.jar (Maven: the surefire argLine in Overdrive's"
          + " README), or use @OverdriveTest(requireAgent = false) for tests that do not need it.";

  @Override
  public void beforeAll(ExtensionContext context) {
    if (settings(context).map(OverdriveTest::requireAgent).orElse(true)) {
      requireAgent(Overdrive.isActive());
    }
  }

  /** Fails with the recipe when the agent is absent. */
  static void requireAgent(boolean active) {
    if (!active) {
      throw new IllegalStateException(NO_AGENT);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    String[] caches = settings(context).map(OverdriveTest::caches).orElse(new String[0]);
    if (caches.length == 0) {
      Overdrive.invalidateAll();
    } else {
      for (String cache : caches) {
        Overdrive.invalidateAll(cache);
      }
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Duration wait =
        OverdriveTesting.duration(settings(context).map(OverdriveTest::awaitIdle).orElse("10s"));
    if (!wait.isZero()) {
      Overdrive.flushBatches();
      Overdrive.awaitIdle(wait);
    }
  }

  private static Optional<OverdriveTest> settings(ExtensionContext context) {
    return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), OverdriveTest.class);
  }
}
