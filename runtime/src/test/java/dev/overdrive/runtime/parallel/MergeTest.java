package dev.overdrive.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which return types can be merged, and how: in chunk order, nulls skipped, sums boxed right. */
class MergeTest {

  @Test
  void everyAcceptedReturnTypeHasItsMerge() {
    Map<String, Merge> accepted =
        Map.ofEntries(
            Map.entry("V", Merge.VOID),
            Map.entry("Ljava/util/List;", Merge.LIST),
            Map.entry("Ljava/util/Collection;", Merge.LIST),
            Map.entry("Ljava/lang/Iterable;", Merge.LIST),
            Map.entry("Ljava/util/ArrayList;", Merge.LIST),
            Map.entry("Ljava/util/Set;", Merge.SET),
            Map.entry("Ljava/util/HashSet;", Merge.SET),
            Map.entry("Ljava/util/LinkedHashSet;", Merge.SET),
            Map.entry("Ljava/util/Map;", Merge.MAP),
            Map.entry("Ljava/util/HashMap;", Merge.MAP),
            Map.entry("Ljava/util/LinkedHashMap;", Merge.MAP),
            Map.entry("I", Merge.INT),
            Map.entry("Ljava/lang/Integer;", Merge.INT),
            Map.entry("J", Merge.LONG),
            Map.entry("Ljava/lang/Long;", Merge.LONG),
            Map.entry("D", Merge.DOUBLE),
            Map.entry("Ljava/lang/Double;", Merge.DOUBLE),
            Map.entry("F", Merge.FLOAT),
            Map.entry("Ljava/lang/Float;", Merge.FLOAT),
            Map.entry("S", Merge.SHORT),
            Map.entry("Ljava/lang/Short;", Merge.SHORT),
            Map.entry("B", Merge.BYTE),
            Map.entry("Ljava/lang/Byte;", Merge.BYTE),
            Map.entry("Ljava/math/BigInteger;", Merge.BIG_INTEGER),
            Map.entry("Ljava/math/BigDecimal;", Merge.BIG_DECIMAL));
    accepted.forEach(
        (descriptor, merge) -> assertEquals(merge, Merge.forReturnType(descriptor), descriptor));
  }

  @Test
  void typesWithoutAMergeAreRefused() {
    for (String descriptor :
        List.of(
            "Ljava/lang/String;",
            "Z",
            "C",
            "[I",
            "Ljava/lang/Object;",
            "Ljava/util/TreeSet;",
            "Ljava/util/SortedMap;",
            "Ljava/util/Optional;",
            "Ljava/util/concurrent/CompletableFuture;",
            "Ljava/lang/Number;",
            "")) {
      assertNull(Merge.forReturnType(descriptor), descriptor);
    }
  }

  @Test
  void listsAreConcatenatedInChunkOrderSkippingNulls() {
    Object merged = Merge.LIST.apply(new Object[] {List.of(1, 2), null, List.of(3), List.of()});
    assertEquals(List.of(1, 2, 3), merged);
    assertEquals(ArrayList.class, merged.getClass(), "assignable to every LIST return type");
    Iterable<String> iterable = () -> List.of("x", "y").iterator();
    assertEquals(List.of("x", "y", "z"), Merge.LIST.apply(new Object[] {iterable, List.of("z")}));
  }

  @Test
  void setsAreUnitedInFirstSeenOrder() {
    Object merged = Merge.SET.apply(new Object[] {Set.of(3), null, List.of(1, 3, 2)});
    assertEquals(List.of(3, 1, 2), new ArrayList<>((Set<?>) merged));
    assertEquals(java.util.LinkedHashSet.class, merged.getClass(), "a HashSet and a Set");
  }

  @Test
  void mapsAreMergedWithTheLaterChunkWinning() {
    Object merged = Merge.MAP.apply(new Object[] {Map.of("a", 1, "b", 2), null, Map.of("b", 3)});
    assertEquals(Map.of("a", 1, "b", 3), merged);
    assertEquals(java.util.LinkedHashMap.class, merged.getClass(), "a HashMap and a Map");
  }

  @Test
  void numbersAreSummedIntoTheirOwnBoxedType() {
    assertSum(Merge.INT, 6, new Object[] {1, null, 5});
    assertSum(Merge.LONG, 5_000_000_000L, new Object[] {4_000_000_000L, 1_000_000_000L});
    assertSum(Merge.SHORT, (short) 7, new Object[] {(short) 3, (short) 4});
    assertSum(Merge.BYTE, (byte) 9, new Object[] {(byte) 4, null, (byte) 5});
    assertSum(Merge.DOUBLE, 1.75, new Object[] {1.5, 0.25});
    assertSum(Merge.FLOAT, 2.5f, new Object[] {2f, null, 0.5f});
    assertSum(
        Merge.BIG_INTEGER,
        new BigInteger("100000000000000000001"),
        new Object[] {new BigInteger("100000000000000000000"), null, BigInteger.ONE});
    assertSum(
        Merge.BIG_DECIMAL,
        new BigDecimal("0.30"),
        new Object[] {new BigDecimal("0.10"), new BigDecimal("0.20")});
    assertSum(Merge.INT, 0, new Object[] {null, null});
  }

  @Test
  void anIntSumOverflowsAsIntArithmeticDoes() {
    assertEquals(Integer.MAX_VALUE + 1, Merge.INT.apply(new Object[] {Integer.MAX_VALUE, 1}));
  }

  @Test
  void voidIsDone() {
    assertSame(ParallelSite.DONE, Merge.VOID.apply(new Object[] {null, null}));
  }

  private static void assertSum(Merge merge, Object expected, Object[] results) {
    Object sum = merge.apply(results);
    assertEquals(expected, sum, merge.name());
    assertEquals(expected.getClass(), sum.getClass(), merge + " must box as the method returns");
  }
}
