package dev.overdrive.runtime.remote;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Encodes a cache key's values as text that is the same in every JVM and JDK version, and decodes
 * it back (a received invalidation names the key in this form).
 *
 * <p>Design. Nothing here uses {@code hashCode} or {@code toString} of a type whose output the JDK
 * does not specify: floating-point numbers are their IEEE bits in hex (their decimal form changed
 * in JDK 19), enums are their declaring class and constant name, strings are length-prefixed (so no
 * escaping and no ambiguity). The encoding is injective on key equality: two keys are equal (as
 * {@code Keys} compares them) exactly when their encodings are. Grammar of one value, E:
 *
 * <pre>
 *   N                null                 z1 z0            Boolean
 *   s5:hello         String               S0061d800;       String, a lone surrogate in it (hex)
 *   b-1 h7 i42 l42   Byte Short Int Long  c65              Character (its UTF-16 code)
 *   f3f800000        Float (bits)         d3ff0000000000000 Double (bits, NaN canonical)
 *   n123  m1.50      BigInteger BigDecimal (scale kept: 1.5 and 1.50 differ, as in equals)
 *   u&lt;uuid&gt;  e14:com.x.Color.RED (enum)   t20:LocalDate/2024-01-31 (java.time, ISO form)
 *   [i1,2] [l..] [h..] [c..] [f..] [d..] [x0aff] (byte[] hex) [z10] (boolean[]) [oE,E] (Object[])
 *   L[E,E]  List     T[E,E]  Set (elements sorted by encoding)   M[E=E,E=E]  Map (sorted)
 * </pre>
 *
 * A key of one value is E; of several (or none) {@code (E,E)} / {@code ()}. Reference arrays are
 * all {@code [o}, because {@code Arrays.deepEquals} (which {@code Keys} uses) does not compare
 * component types; List, Set and Map follow their interfaces' {@code equals}, which ignore the
 * implementation class.
 *
 * <p>Fallback: a value of any other type has no encoding ({@link #encode} returns null). Hashing
 * its serialized bytes would not be deterministic: a {@code HashSet} or a user object holding one
 * serializes in hash order, and enum and identity hashes differ per JVM, so two JVMs would write
 * one key under two names and an invalidation from one would miss the other's entry, serving stale
 * values until their TTL. So a cache whose key parameter's declared type {@link #supports} rejects
 * runs local-only (the caller reports it at load), and a single call whose value turns out
 * unencodable (a List of a user type) skips Redis: it is neither read from nor written to Redis,
 * and its invalidation is sent as "all keys of this cache".
 */
public final class KeyCodec {

  private static final List<Class<?>> TIME_TYPES =
      List.of(
          LocalDate.class,
          LocalTime.class,
          LocalDateTime.class,
          Instant.class,
          Duration.class,
          OffsetDateTime.class,
          Year.class,
          YearMonth.class);

  private KeyCodec() {}

  /**
   * Whether a key parameter declared as {@code type} can be encoded (List, Set, Map and arrays of
   * reference types are checked value by value, per call).
   */
  public static boolean supports(Class<?> type) {
    if (type.isPrimitive()
        || type == String.class
        || type == Boolean.class
        || type == Byte.class
        || type == Short.class
        || type == Integer.class
        || type == Long.class
        || type == Character.class
        || type == Float.class
        || type == Double.class
        || type == BigInteger.class
        || type == BigDecimal.class
        || type == UUID.class
        || type.isEnum()
        || TIME_TYPES.contains(type)) {
      return true;
    }
    return type.isArray()
        || List.class.isAssignableFrom(type)
        || Set.class.isAssignableFrom(type)
        || Map.class.isAssignableFrom(type);
  }

  /**
   * The encoding of a key's values ({@code Keys.values(key)}: one value, or several), or {@code
   * null} when one of them has no encoding.
   */
  public static String encode(Object[] values) {
    StringBuilder out = new StringBuilder(32);
    boolean ok;
    if (values.length == 1) {
      ok = value(values[0], out);
    } else {
      out.append('(');
      ok = elements(values, out);
      out.append(')');
    }
    return ok ? out.toString() : null;
  }

  private static boolean elements(Object[] values, StringBuilder out) {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      if (!value(values[i], out)) {
        return false;
      }
    }
    return true;
  }

  private static boolean value(Object v, StringBuilder out) {
    if (v == null) {
      out.append('N');
    } else if (v instanceof String) {
      string((String) v, out);
    } else if (v instanceof Integer) {
      out.append('i').append((int) (Integer) v);
    } else if (v instanceof Long) {
      out.append('l').append((long) (Long) v);
    } else if (v instanceof Boolean) {
      out.append((Boolean) v ? "z1" : "z0");
    } else if (v instanceof Short) {
      out.append('h').append((short) (Short) v);
    } else if (v instanceof Byte) {
      out.append('b').append((byte) (Byte) v);
    } else if (v instanceof Character) {
      out.append('c').append((int) (Character) v);
    } else if (v instanceof Float) {
      out.append('f').append(Integer.toHexString(Float.floatToIntBits((Float) v)));
    } else if (v instanceof Double) {
      out.append('d').append(Long.toHexString(Double.doubleToLongBits((Double) v)));
    } else if (v instanceof Enum) {
      Enum<?> e = (Enum<?>) v;
      counted('e', e.getDeclaringClass().getName() + '.' + e.name(), out);
    } else if (v instanceof UUID) {
      out.append('u').append(v);
    } else if (v instanceof BigInteger) {
      out.append('n').append(v);
    } else if (v instanceof BigDecimal) {
      out.append('m').append(v);
    } else if (TIME_TYPES.contains(v.getClass())) {
      counted('t', v.getClass().getSimpleName() + '/' + v, out);
    } else if (v.getClass().isArray()) {
      return array(v, out);
    } else if (v instanceof List) {
      out.append("L[");
      if (!elements(((List<?>) v).toArray(), out)) {
        return false;
      }
      out.append(']');
    } else if (v instanceof Set) {
      return sorted('T', new ArrayList<>((Set<?>) v), false, out);
    } else if (v instanceof Map) {
      return sorted('M', new ArrayList<>(((Map<?, ?>) v).entrySet()), true, out);
    } else {
      return false;
    }
    return true;
  }

  /** A Set's elements or a Map's entries, in the order of their encodings. */
  private static boolean sorted(char tag, List<?> items, boolean entries, StringBuilder out) {
    List<String> encoded = new ArrayList<>(items.size());
    for (Object item : items) {
      StringBuilder one = new StringBuilder();
      if (entries) {
        Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
        if (!value(e.getKey(), one)) {
          return false;
        }
        one.append('=');
        if (!value(e.getValue(), one)) {
          return false;
        }
      } else if (!value(item, one)) {
        return false;
      }
      encoded.add(one.toString());
    }
    Collections.sort(encoded);
    out.append(tag).append('[').append(String.join(",", encoded)).append(']');
    return true;
  }

  private static void string(String s, StringBuilder out) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        boolean paired =
            Character.isHighSurrogate(c)
                && i + 1 < s.length()
                && Character.isLowSurrogate(s.charAt(i + 1));
        if (!paired) {
          // UTF-8 has no form for a lone surrogate (it would become '?', and two keys one)
          out.append('S');
          for (int j = 0; j < s.length(); j++) {
            hex4(s.charAt(j), out);
          }
          out.append(';');
          return;
        }
        i++;
      }
    }
    counted('s', s, out);
  }

  private static void hex4(int c, StringBuilder out) {
    for (int shift = 12; shift >= 0; shift -= 4) {
      out.append(Character.forDigit((c >>> shift) & 0xF, 16));
    }
  }

  private static void counted(char tag, String s, StringBuilder out) {
    out.append(tag).append(s.length()).append(':').append(s);
  }

  private static boolean array(Object a, StringBuilder out) {
    out.append('[');
    if (a instanceof Object[]) {
      out.append('o');
      if (!elements((Object[]) a, out)) {
        return false;
      }
    } else if (a instanceof byte[]) {
      out.append('x');
      for (byte b : (byte[]) a) {
        out.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
    } else if (a instanceof boolean[]) {
      out.append('z');
      for (boolean b : (boolean[]) a) {
        out.append(b ? '1' : '0');
      }
    } else if (a instanceof int[]) {
      out.append('i');
      int[] v = (int[]) a;
      for (int i = 0; i < v.length; i++) {
        out.append(i > 0 ? "," : "").append(v[i]);
      }
    } else if (a instanceof long[]) {
      out.append('l');
      long[] v = (long[]) a;
      for (int i = 0; i < v.length; i++) {
        out.append(i > 0 ? "," : "").append(v[i]);
      }
    } else if (a instanceof short[]) {
      out.append('h');
      short[] v = (short[]) a;
      for (int i = 0; i < v.length; i++) {
        out.append(i > 0 ? "," : "").append(v[i]);
      }
    } else if (a instanceof char[]) {
      out.append('c');
      char[] v = (char[]) a;
      for (int i = 0; i < v.length; i++) {
        out.append(i > 0 ? "," : "").append((int) v[i]);
      }
    } else if (a instanceof float[]) {
      out.append('f');
      float[] v = (float[]) a;
      for (int i = 0; i < v.length; i++) {
        out.append(i > 0 ? "," : "").append(Integer.toHexString(Float.floatToIntBits(v[i])));
      }
    } else {
      out.append('d');
      double[] v = (double[]) a;
      for (int i = 0; i < v.length; i++) {
        out.append(i > 0 ? "," : "").append(Long.toHexString(Double.doubleToLongBits(v[i])));
      }
    }
    out.append(']');
    return true;
  }

  /** UTF-8 of an encoding (always valid Unicode: lone surrogates were written as hex). */
  static byte[] bytes(String encoded) {
    return encoded.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The key's values from their encoding ({@link #encode}'s inverse), enums resolved in {@code
   * loader}; {@code null} if the text is not an encoding or names an unknown enum (the receiver
   * then drops the whole cache, which is always safe).
   */
  public static Object[] decode(String encoded, ClassLoader loader) {
    try {
      Parser p = new Parser(encoded, loader);
      Object[] values;
      if (encoded.startsWith("(")) {
        p.pos++;
        List<Object> list = p.list(')');
        values = list.toArray();
      } else {
        values = new Object[] {p.value()};
      }
      return p.pos == encoded.length() ? values : null;
    } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  /** Recursive descent over the grammar above. */
  private static final class Parser {
    private final String s;
    private final ClassLoader loader;
    int pos;

    Parser(String s, ClassLoader loader) {
      this.s = s;
      this.loader = loader;
    }

    /** Elements up to {@code close}, which it consumes. */
    List<Object> list(char close) throws ReflectiveOperationException {
      List<Object> out = new ArrayList<>();
      if (s.charAt(pos) == close) {
        pos++;
        return out;
      }
      while (true) {
        out.add(value());
        char c = s.charAt(pos++);
        if (c == close) {
          return out;
        }
        if (c != ',') {
          throw new IllegalArgumentException("at " + pos);
        }
      }
    }

    /** The characters up to (not including) the next {@code , ] ) =} or the end. */
    private String atom() {
      int start = pos;
      while (pos < s.length() && ",])=".indexOf(s.charAt(pos)) < 0) {
        pos++;
      }
      return s.substring(start, pos);
    }

    private String counted() {
      int colon = s.indexOf(':', pos);
      int n = Integer.parseInt(s.substring(pos, colon));
      pos = colon + 1 + n;
      return s.substring(colon + 1, pos);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object value() throws ReflectiveOperationException {
      char tag = s.charAt(pos++);
      switch (tag) {
        case 'N':
          return null;
        case 's':
          return counted();
        case 'S':
          {
            int end = s.indexOf(';', pos);
            StringBuilder b = new StringBuilder();
            for (int i = pos; i < end; i += 4) {
              b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            }
            pos = end + 1;
            return b.toString();
          }
        case 'z':
          {
            char c = s.charAt(pos++);
            return c == '1' ? Boolean.TRUE : Boolean.FALSE;
          }
        case 'i':
          return Integer.valueOf(atom());
        case 'l':
          return Long.valueOf(atom());
        case 'h':
          return Short.valueOf(atom());
        case 'b':
          return Byte.valueOf(atom());
        case 'c':
          return (char) Integer.parseInt(atom());
        case 'f':
          return Float.intBitsToFloat(Integer.parseUnsignedInt(atom(), 16));
        case 'd':
          return Double.longBitsToDouble(Long.parseUnsignedLong(atom(), 16));
        case 'n':
          return new BigInteger(atom());
        case 'm':
          return new BigDecimal(atom());
        case 'u':
          return UUID.fromString(atom());
        case 'e':
          {
            String text = counted();
            int dot = text.lastIndexOf('.');
            Class<?> type = Class.forName(text.substring(0, dot), false, loader);
            return Enum.valueOf((Class) type.asSubclass(Enum.class), text.substring(dot + 1));
          }
        case 't':
          return time(counted());
        case '[':
          return array();
        case 'L':
          pos++;
          return list(']');
        case 'T':
          pos++;
          return new HashSet<>(list(']'));
        case 'M':
          {
            pos++;
            Map<Object, Object> map = new HashMap<>();
            if (s.charAt(pos) == ']') {
              pos++;
              return map;
            }
            while (true) {
              Object k = value();
              if (s.charAt(pos++) != '=') {
                throw new IllegalArgumentException("at " + pos);
              }
              map.put(k, value());
              char c = s.charAt(pos++);
              if (c == ']') {
                return map;
              }
              if (c != ',') {
                throw new IllegalArgumentException("at " + pos);
              }
            }
          }
        default:
          throw new IllegalArgumentException("tag " + tag);
      }
    }

    private Object time(String text) {
      int slash = text.indexOf('/');
      String type = text.substring(0, slash);
      String iso = text.substring(slash + 1);
      switch (type) {
        case "LocalDate":
          return LocalDate.parse(iso);
        case "LocalTime":
          return LocalTime.parse(iso);
        case "LocalDateTime":
          return LocalDateTime.parse(iso);
        case "Instant":
          return Instant.parse(iso);
        case "Duration":
          return Duration.parse(iso);
        case "OffsetDateTime":
          return OffsetDateTime.parse(iso);
        case "Year":
          return Year.parse(iso);
        case "YearMonth":
          return YearMonth.parse(iso);
        default:
          throw new IllegalArgumentException(type);
      }
    }

    private Object array() throws ReflectiveOperationException {
      char kind = s.charAt(pos++);
      if (kind == 'o') {
        return list(']').toArray();
      }
      String body = s.substring(pos, s.indexOf(']', pos));
      pos += body.length() + 1;
      if (kind == 'x') {
        byte[] out = new byte[body.length() / 2];
        for (int i = 0; i < out.length; i++) {
          out[i] = (byte) Integer.parseInt(body.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
      }
      if (kind == 'z') {
        boolean[] out = new boolean[body.length()];
        for (int i = 0; i < out.length; i++) {
          out[i] = body.charAt(i) == '1';
        }
        return out;
      }
      String[] parts = body.isEmpty() ? new String[0] : body.split(",", -1);
      int n = parts.length;
      switch (kind) {
        case 'i':
          {
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
              out[i] = Integer.parseInt(parts[i]);
            }
            return out;
          }
        case 'l':
          {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
              out[i] = Long.parseLong(parts[i]);
            }
            return out;
          }
        case 'h':
          {
            short[] out = new short[n];
            for (int i = 0; i < n; i++) {
              out[i] = Short.parseShort(parts[i]);
            }
            return out;
          }
        case 'c':
          {
            char[] out = new char[n];
            for (int i = 0; i < n; i++) {
              out[i] = (char) Integer.parseInt(parts[i]);
            }
            return out;
          }
        case 'f':
          {
            float[] out = new float[n];
            for (int i = 0; i < n; i++) {
              out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i], 16));
            }
            return out;
          }
        case 'd':
          {
            double[] out = new double[n];
            for (int i = 0; i < n; i++) {
              out[i] = Double.longBitsToDouble(Long.parseUnsignedLong(parts[i], 16));
            }
            return out;
          }
        default:
          throw new IllegalArgumentException("array " + kind);
      }
    }
  }
}
