package dev.overdrive.runtime.remote;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ValueCodecTest {

  /** Sets {@link #deserialized} when an instance is read back: proof that it was, or was not. */
  static final class Gadget implements Serializable {
    private static final long serialVersionUID = 1L;
    static volatile boolean deserialized;
    final String payload;

    Gadget(String payload) {
      this.payload = payload;
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      deserialized = true;
    }
  }

  /** Its own package is allowed, its field's class is not serializable. */
  static final class Holder implements Serializable {
    private static final long serialVersionUID = 1L;
    final Object inner = new Object();
  }

  private static final ClassLoader LOADER = ValueCodecTest.class.getClassLoader();
  private final ValueCodec jdkOnly = new ValueCodec(LOADER, List.of(), "", 1024);

  private static Object roundTrip(ValueCodec codec, Object value) {
    byte[] bytes = codec.encode(value);
    assertNotNull(bytes, "encodable");
    ValueCodec.Decoded d = codec.decode(bytes, 0);
    assertTrue(d.ok(), "decodes: " + value);
    return d.value;
  }

  @Test
  void jdkValuesRoundTrip() {
    Map<String, List<Integer>> map = new HashMap<>();
    map.put("a", List.of(1, 2, 3));
    for (Object v :
        new Object[] {
          "text",
          42,
          7L,
          new BigDecimal("1.50"),
          LocalDate.of(2024, 1, 31),
          List.of("x", "y"),
          map,
          new ArrayList<>(List.of(1.5, 2.5)),
          Boolean.TRUE
        }) {
      assertEquals(v, roundTrip(jdkOnly, v));
    }
    assertArrayEquals(new int[] {1, 2, 3}, (int[]) roundTrip(jdkOnly, new int[] {1, 2, 3}));
    assertArrayEquals(
        new long[][] {{1}, {2, 3}}, (long[][]) roundTrip(jdkOnly, new long[][] {{1}, {2, 3}}));
  }

  @Test
  void nullIsItsOwnThreeByteFormat() {
    byte[] bytes = jdkOnly.encode(null);
    assertEquals(3, bytes.length);
    ValueCodec.Decoded d = jdkOnly.decode(bytes, 0);
    assertTrue(d.ok());
    assertNull(d.value);
  }

  @Test
  void headerCarriesMagicVersionCodecAndFlags() {
    byte[] bytes = jdkOnly.encode("hello");
    assertEquals(0xD1, bytes[0] & 0xFF);
    assertEquals(ValueCodec.CODEC_JDK, bytes[1]);
    assertEquals(0, bytes[2]);
  }

  @Test
  void oneMegabyteCompressibleValueIsCompressedAndRoundTrips() {
    char[] text = new char[1 << 20];
    for (int i = 0; i < text.length; i++) {
      text[i] = "overdrive caches values ".charAt(i % 24);
    }
    String big = new String(text);
    byte[] bytes = jdkOnly.encode(big);
    assertTrue(ValueCodec.compressed(bytes));
    assertTrue(bytes.length < big.length() / 10, "compressed to " + bytes.length);
    assertEquals(big, jdkOnly.decode(bytes, 0).value);
  }

  @Test
  void oneMegabyteRandomValueStaysUncompressedAndRoundTrips() {
    byte[] noise = new byte[1 << 20];
    new Random(7).nextBytes(noise);
    byte[] bytes = jdkOnly.encode(noise);
    assertFalse(ValueCodec.compressed(bytes), "compression saved nothing: kept plain");
    assertArrayEquals(noise, (byte[]) jdkOnly.decode(bytes, 0).value);
  }

  @Test
  void smallValuesAreNotCompressedAndTheThresholdIsConfigurable() {
    String repetitive = "a".repeat(900);
    assertFalse(ValueCodec.compressed(jdkOnly.encode(repetitive)), "under 1024 bytes");
    ValueCodec eager = new ValueCodec(LOADER, List.of(), "", 64);
    byte[] bytes = eager.encode(repetitive);
    assertTrue(ValueCodec.compressed(bytes));
    assertEquals(repetitive, eager.decode(bytes, 0).value);
  }

  @Test
  void aClassOutsideTheAllowListIsRejectedWithoutBeingDeserialized() {
    byte[] bytes = jdkOnly.encode(new Gadget("boom"));
    Gadget.deserialized = false;
    assertSame(ValueCodec.Decoded.REJECTED, jdkOnly.decode(bytes, 0));
    assertFalse(Gadget.deserialized, "readObject never ran");
    // inside an allowed container, too
    byte[] nested = jdkOnly.encode(new ArrayList<>(List.of("ok", new Gadget("boom"))));
    assertSame(ValueCodec.Decoded.REJECTED, jdkOnly.decode(nested, 0));
    assertFalse(Gadget.deserialized);
  }

  @Test
  void theReturnTypesPackageOrAnExtraPatternAllowsIt() {
    byte[] bytes = jdkOnly.encode(new Gadget("fine"));
    ValueCodec byPackage =
        new ValueCodec(LOADER, List.of("dev.overdrive.runtime.remote"), "", 1024);
    Gadget.deserialized = false;
    assertEquals("fine", ((Gadget) byPackage.decode(bytes, 0).value).payload);
    assertTrue(Gadget.deserialized, "the same bytes decode when allowed: the test can fail");
    ValueCodec byPattern =
        new ValueCodec(
            LOADER, List.of(), "dev.overdrive.runtime.remote.ValueCodecTest$Gadget", 1024);
    assertTrue(byPattern.decode(bytes, 0).ok());
    ValueCodec subpackageOnly = new ValueCodec(LOADER, List.of("dev.overdrive.runtime"), "", 1024);
    assertSame(
        ValueCodec.Decoded.REJECTED,
        subpackageOnly.decode(bytes, 0),
        "a package allows its classes, not its subpackages'");
  }

  @Test
  void aDeepGraphIsRejected() {
    List<Object> deep = new ArrayList<>();
    List<Object> cur = deep;
    for (int i = 0; i < 200; i++) {
      List<Object> next = new ArrayList<>();
      cur.add(next);
      cur = next;
    }
    assertSame(ValueCodec.Decoded.REJECTED, jdkOnly.decode(jdkOnly.encode(deep), 0));
  }

  @Test
  void aValueThatCannotBeSerializedStaysLocal() {
    assertNull(jdkOnly.encode(new Object()));
    assertNull(jdkOnly.encode(new Holder()), "a field that is not serializable");
    assertNull(jdkOnly.encode(List.of(new Object())));
  }

  @Test
  void unknownVersionCodecOrFlagsAndDamageAreUnreadableNeverAnException() {
    byte[] good = jdkOnly.encode("value");
    byte[] version2 = good.clone();
    version2[0] = (byte) 0xD2;
    byte[] codec9 = good.clone();
    codec9[1] = 9;
    byte[] flag = good.clone();
    flag[2] = 4;
    byte[] magic = good.clone();
    magic[0] = 0x11;
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    for (byte[] bad : new byte[][] {version2, codec9, flag, magic, truncated, {}, {(byte) 0xD1}}) {
      assertSame(ValueCodec.Decoded.UNREADABLE, jdkOnly.decode(bad, 0), Arrays.toString(bad));
    }
    byte[] packed = jdkOnly.encode("z".repeat(5000));
    assertTrue(ValueCodec.compressed(packed));
    byte[] damaged = packed.clone();
    for (int i = 7; i < damaged.length; i += 3) {
      damaged[i] ^= 0x5A;
    }
    assertFalse(jdkOnly.decode(damaged, 0).ok());
    byte[] huge = packed.clone();
    huge[3] = 0x7F; // claims ~2 GB uncompressed
    assertSame(ValueCodec.Decoded.UNREADABLE, jdkOnly.decode(huge, 0));
  }

  @Test
  void decodesFromAnOffset() {
    byte[] bytes = jdkOnly.encode("after the epoch");
    byte[] framed = new byte[8 + bytes.length];
    System.arraycopy(bytes, 0, framed, 8, bytes.length);
    assertEquals("after the epoch", jdkOnly.decode(framed, 8).value);
  }
}
