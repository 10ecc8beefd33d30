package dev.overdrive.runtime.parallel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** How the chunks' results of a {@code @Parallel} method become one result, by return type. */
public enum Merge {
  VOID,
  LIST,
  SET,
  MAP,
  INT,
  LONG,
  DOUBLE,
  FLOAT,
  SHORT,
  BYTE,
  BIG_INTEGER,
  BIG_DECIMAL;

  /** The merge for a method returning {@code descriptor}, or {@code null} if it has none. */
  public static Merge forReturnType(String descriptor) {
    switch (descriptor) {
      case "V":
        return VOID;
      case "Ljava/util/List;":
      case "Ljava/util/Collection;":
      case "Ljava/lang/Iterable;":
      case "Ljava/util/ArrayList;":
        return LIST;
      case "Ljava/util/Set;":
      case "Ljava/util/HashSet;":
      case "Ljava/util/LinkedHashSet;":
        return SET;
      case "Ljava/util/Map;":
      case "Ljava/util/HashMap;":
      case "Ljava/util/LinkedHashMap;":
        return MAP;
      case "I":
      case "Ljava/lang/Integer;":
        return INT;
      case "J":
      case "Ljava/lang/Long;":
        return LONG;
      case "D":
      case "Ljava/lang/Double;":
        return DOUBLE;
      case "F":
      case "Ljava/lang/Float;":
        return FLOAT;
      case "S":
      case "Ljava/lang/Short;":
        return SHORT;
      case "B":
      case "Ljava/lang/Byte;":
        return BYTE;
      case "Ljava/math/BigInteger;":
        return BIG_INTEGER;
      case "Ljava/math/BigDecimal;":
        return BIG_DECIMAL;
      default:
        return null;
    }
  }

  /** Merges {@code results} (one per chunk, in input order; nulls are skipped). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  Object apply(Object[] results) {
    switch (this) {
      case VOID:
        return ParallelSite.DONE;
      case LIST:
        {
          List<Object> all = new ArrayList<>();
          for (Object r : results) {
            if (r != null) {
              for (Object e : (Iterable<?>) r) {
                all.add(e);
              }
            }
          }
          return all;
        }
      case SET:
        {
          LinkedHashSet<Object> all = new LinkedHashSet<>();
          for (Object r : results) {
            if (r != null) {
              all.addAll((Collection<?>) r);
            }
          }
          return all;
        }
      case MAP:
        {
          Map all = new LinkedHashMap<>();
          for (Object r : results) {
            if (r != null) {
              all.putAll((Map) r);
            }
          }
          return all;
        }
      case BIG_INTEGER:
        {
          BigInteger sum = BigInteger.ZERO;
          for (Object r : results) {
            sum = r == null ? sum : sum.add((BigInteger) r);
          }
          return sum;
        }
      case BIG_DECIMAL:
        {
          BigDecimal sum = BigDecimal.ZERO;
          for (Object r : results) {
            sum = r == null ? sum : sum.add((BigDecimal) r);
          }
          return sum;
        }
      case DOUBLE:
      case FLOAT:
        {
          double sum = 0;
          for (Object r : results) {
            sum += r == null ? 0 : ((Number) r).doubleValue();
          }
          return this == DOUBLE ? (Object) sum : (Object) (float) sum;
        }
      default:
        {
          long sum = 0;
          for (Object r : results) {
            sum += r == null ? 0 : ((Number) r).longValue();
          }
          switch (this) {
            case INT:
              return (int) sum;
            case SHORT:
              return (short) sum;
            case BYTE:
              return (byte) sum;
            default:
              return sum;
          }
        }
    }
  }
}
