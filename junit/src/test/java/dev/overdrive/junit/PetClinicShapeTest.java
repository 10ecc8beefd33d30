package dev.overdrive.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * A suite in the shape of PetClinic's own (each test a fresh service around a different mock), run
 * under the agent: without the extension the second test is served the first test's cached value;
 * with {@link OverdriveTest} every test passes.
 */
class PetClinicShapeTest {

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class WithoutExtension {
    @Test
    @Order(1)
    void alice() {
      assertEquals("Alice", new OwnerService(id -> "Alice").name(1));
    }

    @Test
    @Order(2)
    void bob() {
      assertEquals("Bob", new OwnerService(id -> "Bob").name(1));
    }
  }

  @OverdriveTest
  static class WithExtension extends WithoutExtension {}

  private static Events run(Class<?> suite) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(suite))
        .execute()
        .testEvents();
  }

  @Test
  void withoutTheExtensionACachedMockValueCrossesTests() {
    // alice passes; bob is served Alice, cached by the test before with another mock
    run(WithoutExtension.class).assertStatistics(s -> s.succeeded(1).failed(1));
  }

  @Test
  void withTheExtensionEveryTestStartsFromEmptyCaches() {
    run(WithExtension.class).assertStatistics(s -> s.succeeded(2).failed(0));
  }
}
