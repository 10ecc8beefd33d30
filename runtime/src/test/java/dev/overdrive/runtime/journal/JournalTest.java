package dev.overdrive.runtime.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

  @TempDir Path dir;

  static byte[] payload(int n) {
    return ("SECRET-PAYLOAD-" + n + "-" + "x".repeat(n % 50)).getBytes(StandardCharsets.UTF_8);
  }

  static List<Long> ids(List<Journal.Call> calls) {
    return calls.stream().map(Journal.Call::id).collect(Collectors.toList());
  }

  static List<Path> segmentFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().startsWith("segment-"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  /** Runs {@code action} and returns what it printed on standard error. */
  static <T> String stderrOf(Callable<T> action) throws Exception {
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.call();
    } finally {
      System.setErr(saved);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    saved.print(text);
    return text;
  }

  @Test
  void pendingCallsComeBackInOrderWithTheirPayloads() throws IOException {
    Journal j = Journal.open(dir, Sync.BATCH, 4096);
    Map<Long, byte[]> open = new LinkedHashMap<>();
    for (int i = 0; i < 200; i++) {
      long id = j.append(payload(i));
      if (i % 3 == 0) {
        j.complete(id);
      } else {
        open.put(id, payload(i));
      }
    }
    assertEquals(open.size(), j.stats().pending());
    j.abandon(); // as kill -9 leaves it
    try (Journal again = Journal.open(dir, Sync.BATCH, 4096)) {
      assertEquals(new ArrayList<>(open.keySet()), ids(again.recovered()));
      for (Journal.Call c : again.recovered()) {
        assertArrayEquals(open.get(c.id()), c.payload());
      }
      assertEquals(open.size(), again.stats().replayed.sum());
      long fresh = again.append(payload(1));
      assertTrue(open.keySet().stream().allMatch(id -> id < fresh), "ids grow across runs");
    }
  }

  @Test
  void everythingCompletedAndRolledLeavesNoSegment() throws IOException {
    try (Journal j = Journal.open(dir, Sync.NONE, 4096)) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        ids.add(j.append(payload(i)));
      }
      assertTrue(segmentFiles(dir).size() > 5, "rolled at 4 KiB");
      Collections.shuffle(ids, new Random(7));
      for (long id : ids) {
        j.complete(id);
      }
      j.roll();
      assertEquals(List.of(), segmentFiles(dir));
      assertEquals(0, j.stats().pending());
    }
    assertEquals(Set.of("lock", "sequence"), names(dir));
  }

  @Test
  void aSlowCallHoldsBackOnlyItsOwnSegment() throws IOException {
    try (Journal j = Journal.open(dir, Sync.NONE, 4096)) {
      long slow = j.append(payload(1));
      for (int i = 0; i < 3000; i++) {
        j.complete(j.append(payload(i)));
        assertTrue(j.segmentCount() <= 3, "segments: " + j.segmentCount());
      }
      j.complete(slow);
      j.roll();
      assertEquals(0, j.segmentCount());
    }
  }

  /** Random appends, completions and rolls, then a crash: recovery finds exactly the open calls. */
  @Test
  void recoveryMatchesAModelAcrossCrashes() throws IOException {
    Random random = new Random(42);
    Set<Long> open = new HashSet<>();
    Set<Long> everIssued = new HashSet<>();
    for (int run = 0; run < 12; run++) {
      Journal j = Journal.open(dir, Sync.NONE, 4096);
      assertEquals(open, new HashSet<>(ids(j.recovered())), "run " + run);
      List<Long> live = new ArrayList<>(open);
      for (int op = 0; op < 800; op++) {
        int dice = random.nextInt(100);
        if (dice < 55 || live.isEmpty()) {
          long id = j.append(payload(op));
          assertTrue(everIssued.add(id), "id issued twice: " + id);
          live.add(id);
        } else if (dice < 98) {
          long id = live.remove(random.nextInt(live.size()));
          j.complete(id);
        } else {
          j.roll();
        }
      }
      open = new HashSet<>(live);
      assertEquals(open.size(), j.stats().pending());
      if (random.nextBoolean()) {
        j.abandon();
      } else {
        j.close();
      }
    }
  }

  @Test
  void damageIsToldOnceAndWhatFollowsItIsKept() throws Exception {
    Map<Long, Integer> byId = new LinkedHashMap<>();
    Journal j = Journal.open(dir, Sync.NONE, 1 << 16);
    for (int i = 0; i < 60; i++) {
      byId.put(j.append(payload(i)), i);
    }
    j.close();
    List<Path> files = segmentFiles(dir);
    assertEquals(1, files.size());
    Path segment = files.get(0);
    List<Long> ids = new ArrayList<>(byId.keySet());
    int tenth = (int) (ids.get(10) & 0xFFFFFFFFL);
    int twentieth = (int) (ids.get(20) & 0xFFFFFFFFL);
    int last = (int) (ids.get(59) & 0xFFFFFFFFL);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(tenth + 25); // inside record 10's payload: its checksum fails
      f.write(new byte[] {1, 2, 3});
      f.seek(twentieth); // record 20's magic and length: garbage
      f.write(new byte[] {9, 9, 9, 9, 9, 9});
      f.setLength(last + 15); // record 59 cut short
    }
    String told =
        stderrOf(
            () -> {
              try (Journal again = Journal.open(dir, Sync.NONE, 1 << 16)) {
                List<Long> expected = new ArrayList<>(ids);
                expected.remove(59);
                expected.remove(20);
                expected.remove(10);
                assertEquals(
                    expected, ids(again.recovered()), "everything around the damage is kept");
              }
              return null;
            });
    List<String> lines =
        told.lines().filter(l -> l.contains("skipped")).collect(Collectors.toList());
    assertEquals(3, lines.size(), told);
    assertTrue(lines.get(0).contains("checksum does not match at offset " + tenth), lines.get(0));
    assertTrue(lines.get(1).contains("no record at offset " + twentieth), lines.get(1));
    assertTrue(lines.get(2).contains("torn record at the end"), lines.get(2));
    assertFalse(told.contains("SECRET"), "no payload in the log");
  }

  @Test
  void garbageInsertedBetweenRecordsAndAZeroFilledTailAreSkipped() throws Exception {
    Journal j = Journal.open(dir, Sync.NONE, 1 << 16);
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add(j.append(payload(i)));
    }
    j.close();
    Path segment = segmentFiles(dir).get(0);
    byte[] bytes = Files.readAllBytes(segment);
    int fifth = (int) (ids.get(5) & 0xFFFFFFFFL);
    byte[] garbage = new byte[777];
    new Random(1).nextBytes(garbage);
    byte[] damaged = new byte[bytes.length + garbage.length + 300];
    System.arraycopy(bytes, 0, damaged, 0, fifth);
    System.arraycopy(garbage, 0, damaged, fifth, garbage.length);
    System.arraycopy(bytes, fifth, damaged, fifth + garbage.length, bytes.length - fifth);
    Files.write(segment, damaged); // ends in 300 zero bytes, as a file system may after a power cut
    String told =
        stderrOf(
            () -> {
              try (Journal again = Journal.open(dir, Sync.NONE, 1 << 16)) {
                assertEquals(ids, ids(again.recovered()));
              }
              return null;
            });
    assertEquals(2, told.lines().filter(l -> l.contains("skipped")).count(), told);
  }

  @Test
  void aSecondOpenerIsRefusedWithOneClearLine() throws IOException {
    try (Journal j = Journal.open(dir, Sync.BATCH, 4096)) {
      j.append(payload(1));
      JournalLockedException e =
          assertThrows(JournalLockedException.class, () -> Journal.open(dir, Sync.BATCH, 4096));
      assertTrue(e.getMessage().contains("in use by another journal in this JVM"), e.getMessage());
      assertTrue(e.getMessage().endsWith("durable calls run as plain @Async"), e.getMessage());
      assertEquals(1, j.append(payload(2)) > 0 ? 1 : 0, "the first journal still works");
    }
    try (Journal j = Journal.open(dir, Sync.BATCH, 4096)) {
      assertEquals(2, j.recovered().size(), "free again after close");
    }
  }

  @Test
  void deadCallsAreKeptAsideListedAndReplayed() throws IOException {
    long bad;
    try (Journal j = Journal.open(dir, Sync.BATCH, 4096)) {
      long good = j.append(payload(1));
      bad = j.append(payload(2));
      j.dead(bad, "IllegalStateException after 5 attempts");
      assertThrows(IllegalArgumentException.class, () -> j.dead(bad, "twice"));
      j.complete(good);
      assertEquals(1, j.stats().dead.sum());
      assertEquals(0, j.stats().pending());
      j.roll();
      assertEquals(0, j.segmentCount(), "a dead call holds no segment");
    }
    long again;
    try (Journal j = Journal.open(dir, Sync.BATCH, 4096)) {
      assertEquals(List.of(), j.recovered(), "dead calls are not replayed by themselves");
      List<Journal.DeadCall> dead = j.listDead();
      assertEquals(1, dead.size());
      assertEquals(bad, dead.get(0).id());
      assertEquals("IllegalStateException after 5 attempts", dead.get(0).reason());
      assertArrayEquals(payload(2), dead.get(0).payload());
      again = j.replayDead(bad);
      assertEquals(List.of(), j.listDead());
      assertFalse(Files.exists(dir.resolve("dead.log")), "no dead letters, no file");
      assertThrows(IllegalArgumentException.class, () -> j.replayDead(bad));
      j.abandon();
    }
    try (Journal j = Journal.open(dir, Sync.BATCH, 4096)) {
      assertEquals(List.of(again), ids(j.recovered()), "the replayed call is pending");
      assertArrayEquals(payload(2), j.recovered().get(0).payload());
      j.complete(again);
    }
    assertEquals(Set.of("lock", "sequence"), names(dir));
  }

  @Test
  void batchSyncSharesFsyncsAndAlwaysSyncsEachRecord() throws Exception {
    for (Sync sync : new Sync[] {Sync.BATCH, Sync.ALWAYS}) {
      Path d = dir.resolve(sync.name());
      try (Journal j = Journal.open(d, sync, 1 << 20)) {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
          Thread thread =
              new Thread(
                  () -> {
                    try {
                      for (int i = 0; i < 50; i++) {
                        j.append(payload(i));
                      }
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  });
          thread.start();
          threads.add(thread);
        }
        for (Thread t : threads) {
          t.join(20_000);
          assertFalse(t.isAlive());
        }
        JournalStats s = j.stats();
        assertEquals(800, s.appended.sum());
        assertEquals(800, s.syncedCalls.sum(), "every append was covered by an fsync");
        if (sync == Sync.ALWAYS) {
          assertEquals(800, s.syncs.sum());
        } else {
          assertTrue(s.syncs.sum() < 800, "16 callers shared fsyncs: " + s.syncs.sum());
        }
        System.out.printf(
            "%s: 16 threads, %d appends, %d fsyncs, %.1f calls per fsync%n",
            sync, s.appended.sum(), s.syncs.sum(), s.callsPerSync());
      }
    }
  }

  @Test
  void backoffGrowsExponentiallyWithJitterUpToItsCap() {
    Backoff b = new Backoff(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(1), 5);
    Random random = new Random(3);
    long[] steps = {100, 200, 400, 800, 1000, 1000};
    for (int attempt = 1; attempt <= steps.length; attempt++) {
      long step = steps[attempt - 1] * 1_000_000;
      for (int i = 0; i < 100; i++) {
        long d = b.delayNanos(attempt, random.nextLong());
        assertTrue(d >= step / 2 && d <= step, "attempt " + attempt + ": " + d);
      }
    }
    assertFalse(b.exhausted(4));
    assertTrue(b.exhausted(5));
    java.util.Properties p = new java.util.Properties();
    p.setProperty("overdrive.journal.maxAttempts", "3");
    assertEquals(3, Backoff.from(new dev.overdrive.runtime.config.Config(p)).maxAttempts());
    assertEquals(
        5,
        Backoff.from(new dev.overdrive.runtime.config.Config(new java.util.Properties()))
            .maxAttempts());
  }

  @Test
  void syncIsReadFromItsProperty() {
    java.util.Properties p = new java.util.Properties();
    assertEquals(Sync.BATCH, Sync.from(new dev.overdrive.runtime.config.Config(p)));
    p.setProperty("overdrive.journal.sync", "Always");
    assertEquals(Sync.ALWAYS, Sync.from(new dev.overdrive.runtime.config.Config(p)));
    p.setProperty("overdrive.journal.sync", "sometimes");
    assertEquals(Sync.BATCH, Sync.from(new dev.overdrive.runtime.config.Config(p)));
  }

  @Test
  void openedFromItsPropertiesAndARenamedSegmentIsNotRun() throws Exception {
    java.util.Properties p = new java.util.Properties();
    p.setProperty("overdrive.journal.dir", dir.toString());
    p.setProperty("overdrive.journal.sync", "none");
    p.setProperty("overdrive.journal.segmentSize", "4096");
    long id;
    try (Journal j = Journal.open(new dev.overdrive.runtime.config.Config(p))) {
      assertEquals(Sync.NONE, j.sync());
      id = j.append(payload(1));
      for (int i = 0; i < 100; i++) {
        j.append(payload(i));
      }
      assertTrue(j.segmentCount() > 1, "4 KiB segments");
    }
    Path first = dir.resolve(Segment.fileName(id >>> 32));
    Files.move(first, dir.resolve(Segment.fileName((id >>> 32) + 100_000)));
    String told =
        stderrOf(
            () -> {
              try (Journal j = Journal.open(dir, Sync.NONE, 4096)) {
                assertFalse(ids(j.recovered()).contains(id));
              }
              return null;
            });
    assertTrue(told.contains("of another segment's number skipped"), told);
  }

  @Test
  void aFailedFsyncStopsAppendsAndWakesEveryWaiter() throws Exception {
    for (Sync sync : new Sync[] {Sync.BATCH, Sync.ALWAYS}) {
      Path d = dir.resolve(sync.name());
      Journal j = Journal.open(d, sync, 1 << 20);
      List<Long> before = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        before.add(j.append(payload(i)));
      }
      java.util.concurrent.CountDownLatch failing = new java.util.concurrent.CountDownLatch(1);
      j.fileSync =
          file -> {
            failing.countDown();
            try {
              Thread.sleep(5); // let other callers queue behind this fsync
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new java.io.SyncFailedException("injected");
          };
      java.util.concurrent.atomic.AtomicInteger refused =
          new java.util.concurrent.atomic.AtomicInteger();
      String told =
          stderrOf(
              () -> {
                List<Thread> threads = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                  Thread thread =
                      new Thread(
                          () -> {
                            try {
                              j.append(payload(99));
                            } catch (IOException e) {
                              refused.incrementAndGet();
                            }
                          });
                  thread.start();
                  threads.add(thread);
                }
                for (Thread t : threads) {
                  t.join(10_000);
                  assertFalse(t.isAlive(), "a caller hangs after the failed fsync");
                }
                return null;
              });
      assertEquals(8, refused.get(), sync + ": no append is promised durable after it");
      assertEquals(1, told.lines().filter(l -> l.contains("an fsync failed")).count(), told);
      IOException e = assertThrows(IOException.class, () -> j.append(payload(1)));
      assertTrue(e.getMessage().contains("takes no more calls: an fsync failed"), e.getMessage());
      j.fileSync = file -> file.getFD().sync();
      j.close();
      try (Journal again = Journal.open(d, sync, 1 << 20)) {
        assertTrue(ids(again.recovered()).containsAll(before), "what was durable is recovered");
      }
    }
  }

  static Set<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
