package dev.overdrive.runtime.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class KeysTest {

  @Test
  void oneValueIsItsOwnKey() {
    String id = "a";
    assertSame(id, Keys.of(new Object[] {id}, new int[] {0}));
    assertSame(id, Keys.of(id));
  }

  @Test
  void noKeyParametersShareOneKey() {
    assertSame(Keys.EMPTY, Keys.of(null, new int[0]));
  }

  @Test
  void severalValuesComparedByContent() {
    Object k1 = Keys.of(new Object[] {"a", 1, 2L}, new int[] {0, 1, 2});
    Object k2 = Keys.of(new Object[] {"a", 1, 2L}, new int[] {0, 1, 2});
    assertEquals(k1, k2);
    assertEquals(k1.hashCode(), k2.hashCode());
    assertNotEquals(k1, Keys.of(new Object[] {"a", 1, 3L}, new int[] {0, 1, 2}));
  }

  @Test
  void selectedIndicesOnly() {
    assertEquals(
        Keys.of(new Object[] {7L, "x"}, new int[] {0}),
        Keys.of(new Object[] {7L, "y"}, new int[] {0}));
  }

  @Test
  void arraysByContentAndCopied() {
    int[] values = {1, 2};
    Object key = Keys.of(values);
    assertEquals(key, Keys.of(new int[] {1, 2}));
    values[0] = 9;
    assertEquals(key, Keys.of(new int[] {1, 2}), "the key kept its own copy");
    assertEquals(Keys.of(new String[][] {{"a"}}), Keys.of(new String[][] {{"a"}}));
  }

  @Test
  void valuesInvertsOf() {
    assertEquals(
        java.util.List.of("a", 1),
        java.util.List.of(Keys.values(Keys.of(new Object[] {"a", 1}, new int[] {0, 1}))));
    assertEquals(java.util.List.of("a"), java.util.List.of(Keys.values("a")));
  }
}
