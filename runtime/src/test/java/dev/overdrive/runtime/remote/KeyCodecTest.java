package dev.overdrive.runtime.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyCodecTest {

  enum Color {
    RED,
    GREEN {
      @Override
      public String toString() {
        return "g";
      }
    }
  }

  private static final String COLOR = "dev.overdrive.runtime.remote.KeyCodecTest$Color";

  private static String one(Object v) {
    return KeyCodec.encode(new Object[] {v});
  }

  /**
   * The encodings every JVM and JDK version must produce: a change here is a change of the stored
   * format (keys written by older instances stop matching), never a refactoring.
   */
  @Test
  void goldenTable() {
    Object[][] golden = {
      {"hello", "s5:hello"},
      {"", "s0:"},
      {"a:b,c]", "s6:a:b,c]"},
      {"\u00e9\ud83d\ude00", "s3:\u00e9\ud83d\ude00"},
      {"a\ud800", "S0061d800;"},
      {42, "i42"},
      {-7, "i-7"},
      {42L, "l42"},
      {(short) 3, "h3"},
      {(byte) -1, "b-1"},
      {'A', "c65"},
      {true, "z1"},
      {false, "z0"},
      {1.0f, "f3f800000"},
      {1.0, "d3ff0000000000000"},
      {-0.0, "d8000000000000000"},
      {Double.NaN, "d7ff8000000000000"},
      {0.1 + 0.2, "d3fd3333333333334"},
      {new BigInteger("-123456789012345678901234567890"), "n-123456789012345678901234567890"},
      {new BigDecimal("1.50"), "m1.50"},
      {
        UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
        "u123e4567-e89b-12d3-a456-426614174000"
      },
      {Color.RED, "e" + (COLOR.length() + 4) + ":" + COLOR + ".RED"},
      {Color.GREEN, "e" + (COLOR.length() + 6) + ":" + COLOR + ".GREEN"},
      {Month.MARCH, "e21:java.time.Month.MARCH"},
      {LocalDate.of(2024, 1, 31), "t20:LocalDate/2024-01-31"},
      {LocalDateTime.of(2024, 1, 31, 10, 15), "t30:LocalDateTime/2024-01-31T10:15"},
      {Instant.ofEpochSecond(1_700_000_000L, 5_000_000), "t32:Instant/2023-11-14T22:13:20.005Z"},
      {Duration.ofMillis(1500), "t15:Duration/PT1.5S"},
      {null, "N"},
      {new int[] {1, -2, 3}, "[i1,-2,3]"},
      {new long[] {}, "[l]"},
      {new byte[] {0, 10, -1}, "[x000aff]"},
      {new boolean[] {true, false}, "[z10]"},
      {new char[] {'a', 'b'}, "[c97,98]"},
      {new double[] {1.0}, "[d3ff0000000000000]"},
      {new String[] {"a", null}, "[os1:a,N]"},
      {new Object[] {1, new int[] {2}}, "[oi1,[i2]]"},
      {List.of("a", "b"), "L[s1:a,s1:b]"},
      {new LinkedList<>(List.of(1)), "L[i1]"},
      {Set.of("b", "a", "c"), "T[s1:a,s1:b,s1:c]"},
      {Map.of("k", 1, "j", 2), "M[s1:j=i2,s1:k=i1]"},
    };
    for (Object[] row : golden) {
      assertEquals(row[1], one(row[0]), () -> "encoding of " + Arrays.deepToString(row));
    }
    assertEquals("(s1:a,i1,N)", KeyCodec.encode(new Object[] {"a", 1, null}));
    assertEquals("()", KeyCodec.encode(new Object[0]));
    assertEquals("([i1],s0:)", KeyCodec.encode(new Object[] {new int[] {1}, ""}));
  }

  @Test
  void decodingGivesEqualValuesBack() {
    Object[] samples = {
      "hello",
      "a\ud800",
      "",
      42,
      42L,
      (short) 3,
      (byte) -1,
      'A',
      true,
      1.5f,
      -0.0,
      Double.NaN,
      new BigInteger("99999999999999999999"),
      new BigDecimal("1.50"),
      UUID.randomUUID(),
      Color.GREEN,
      Month.MARCH,
      LocalDate.of(2024, 2, 29),
      Instant.parse("2024-01-01T00:00:00.123456789Z"),
      Duration.ofDays(3),
      null,
      List.of("x", 1),
      Set.of(1, 2, 3),
      Map.of("a", List.of(1)),
      List.of()
    };
    for (Object v : samples) {
      Object[] back = KeyCodec.decode(one(v), getClass().getClassLoader());
      assertEquals(1, back.length);
      assertEquals(v, back[0], () -> "round trip of " + v);
    }
    Object[] composite = {"a", 7, new int[] {1, 2}, new String[] {"x"}, new byte[] {1, 2}};
    Object[] back = KeyCodec.decode(KeyCodec.encode(composite), getClass().getClassLoader());
    assertTrue(Arrays.deepEquals(composite, back), Arrays.deepToString(back));
    assertArrayEquals(new Object[0], KeyCodec.decode("()", null));
  }

  @Test
  void equalKeysEncodeAlikeAndUnequalKeysDiffer() {
    // equal by the interfaces' equals whatever the implementation, as the local tier compares
    assertEquals(one(List.of(1, 2)), one(new ArrayList<>(List.of(1, 2))));
    assertEquals(
        one(new HashSet<>(List.of("x", "y", "z"))), one(new TreeSet<>(List.of("z", "y", "x"))));
    Map<String, Integer> a = new LinkedHashMap<>();
    a.put("b", 2);
    a.put("a", 1);
    assertEquals(one(a), one(new TreeMap<>(a)));
    assertEquals(one(new String[] {"a"}), one(new Object[] {"a"}), "deepEquals ignores it");
    // unequal keys
    assertNotEquals(one(1), one(1L));
    assertNotEquals(one(0.0), one(-0.0));
    assertNotEquals(one(new BigDecimal("1.5")), one(new BigDecimal("1.50")));
    assertNotEquals(one(new int[] {1}), one(new long[] {1}));
    assertNotEquals(one(new int[] {1}), one(new Integer[] {1}));
    assertNotEquals(one("a\ud800"), one("a\ud801"), "lone surrogates are not merged into '?'");
    assertNotEquals(
        KeyCodec.encode(new Object[] {"a,b"}), KeyCodec.encode(new Object[] {"a", "b"}));
    assertNotEquals(one("s1:a"), one("a"));
    assertNotEquals(one(List.of("a")), one(new String[] {"a"}));
    assertNotEquals(one(null), one("N"));
  }

  @Test
  void typesWithoutAStableFormHaveNoEncoding() {
    record Point(int x, int y) {}
    assertNull(one(new Point(1, 2)));
    assertNull(one(new Object()));
    assertNull(one(List.of(new Point(1, 2))), "checked element by element");
    assertNull(KeyCodec.encode(new Object[] {"a", new StringBuilder("b")}));
    assertFalse(KeyCodec.supports(Point.class));
    assertFalse(KeyCodec.supports(Object.class));
    assertFalse(KeyCodec.supports(CharSequence.class));
    for (Class<?> c :
        new Class<?>[] {
          int.class,
          String.class,
          Long.class,
          Color.class,
          UUID.class,
          LocalDate.class,
          int[].class,
          String[].class,
          List.class,
          ArrayList.class,
          Set.class,
          Map.class,
          BigDecimal.class
        }) {
      assertTrue(KeyCodec.supports(c), c.getName());
    }
  }

  @Test
  void textThatIsNotAnEncodingDecodesToNull() {
    ClassLoader l = getClass().getClassLoader();
    for (String bad :
        new String[] {
          "",
          "q1",
          "s9:ab",
          "i12x",
          "(s1:a",
          "[i1,2",
          "e7:no.Such.A",
          "e" + (COLOR.length() + 5) + ":" + COLOR + ".BLACK",
          "i1,i2",
          "M[s1:a]"
        }) {
      assertNull(KeyCodec.decode(bad, l), bad);
    }
  }
}
