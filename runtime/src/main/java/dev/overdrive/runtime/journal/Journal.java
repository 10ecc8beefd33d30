package dev.overdrive.runtime.journal;

import dev.overdrive.runtime.Log;
import dev.overdrive.runtime.config.Config;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The write-ahead journal of {@code @Async(durable = true)}: a call's record is appended before the
 * call returns, a DONE record when its body has finished, and the calls without DONE are handed
 * back by the next {@link #open} after a crash.
 *
 * <p>Files. Under the directory: append-only {@code segment-<n>.log} files (records as in {@link
 * RecordFormat}), {@code dead.log} ({@link DeadLetters}), {@code sequence} and {@code lock}. A
 * segment is appended to until the next record would take it past the segment size, then sealed
 * (fsync'd, closed) and a new one created on the next append; a JVM never appends to a segment of
 * an earlier run, so what recovery reads is never written again.
 *
 * <p>Call ids. {@code segment << 32 | offset} of the CALL record, so the record is found from its
 * id (for {@link #dead}). Segment numbers never repeat, across runs too: {@code sequence} holds a
 * number above every one handed out, reserved {@value #RESERVE} at a time (one fsync per {@value
 * #RESERVE} segments), and a run starts above it and above the highest segment on disk.
 *
 * <p>Durability ({@link Sync}). Appends write under one lock (a write per record, ids in file
 * order). With {@code batch} a caller then waits for an fsync covering its record: a caller that
 * finds no fsync under way leads: it notes how far the segment has been written, fsyncs, and
 * publishes that mark; callers that come meanwhile queue as waiters. When the fsync returns the
 * leader wakes exactly the waiters it covered, and one of the others to lead the next group (so
 * fsyncs run back to back and no thread is woken for nothing). One fsync per group, however many
 * callers. {@code always}: each append fsyncs. {@code none}: no fsync.
 *
 * <p>DONE records are written without fsync: losing one in a power cut only makes its call run
 * again after restart, which at-least-once allows; a crash of the process alone loses nothing
 * written. They reach the disk with the next group's fsync or the segment's seal.
 *
 * <p>Compaction. A sealed segment whose CALLs are all resolved (DONE or DEAD) is deleted once no
 * older segment that its DONE records resolve calls of is still on disk: deleting it earlier would
 * lose those DONE records and run their calls again. So a slow call holds back its own segment and
 * the few after it, not the whole journal; while work keeps up the journal holds the active segment
 * and little else, and after everything drained and a {@link #roll}, no segment.
 *
 * <p>Recovery. {@link #open} reads the segments in order, checks every record's CRC and skips
 * damage (a torn tail, a truncated file, a bad checksum, garbage), telling each once with its file,
 * offset and size, never its contents, and resynchronizing on the next record, so nothing after the
 * damage is lost. {@link #recovered} lists the CALLs without DONE, in append order.
 *
 * <p>One JVM at a time: {@code lock} is held with {@link FileChannel#tryLock()}; another opener
 * gets a {@link JournalLockedException}.
 */
public final class Journal implements AutoCloseable {

  /** A pending call: its id and the caller's payload. */
  public record Call(long id, byte[] payload) {}

  /** A dead call: its id, the reason given to {@link #dead}, the payload. */
  public record DeadCall(long id, String reason, byte[] payload) {}

  public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;
  static final long MIN_SEGMENT_BYTES = 4096;
  static final long MAX_SEGMENT_BYTES = 1L << 30;
  static final int RESERVE = 1024;

  /** Directories a journal of this JVM holds (real paths). */
  private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final Path key;
  private final String subject;
  private final Sync sync;
  private final long segmentBytes;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final DeadLetters deadLetters;
  private final List<Call> recovered;
  private final JournalStats stats = new JournalStats();

  /** Guards the segments, the files and everything below. */
  private final Object writeLock = new Object();

  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private Segment active;
  private long nextSegment;

  /** Segment numbers below this are reserved in {@code sequence}. */
  private long reserved;

  /** Bytes written by this run, across segments: the mark an fsync publishes. */
  private long written;

  private long callsWritten;
  private long pending;
  private boolean closed;

  /** Guards the group commit of {@code batch}: held briefly, never across an fsync. */
  private final Object syncLock = new Object();

  private final AtomicLong synced = new AtomicLong();
  private long callsSynced; // under syncLock

  /** Set by a failed fsync: no append is taken after it. */
  private volatile IOException broken;

  /** A leader is fsyncing, or has been chosen to (under syncLock). */
  private boolean syncing;

  /** Callers waiting for an fsync, in arrival order (under syncLock). */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  /** Opens {@code overdrive.journal.dir} with {@code overdrive.journal.sync}. */
  public static Journal open(Config config) throws IOException {
    String dir = config.raw(Config.JOURNAL_DIR);
    return open(
        Paths.get(dir == null || dir.isEmpty() ? "overdrive-journal" : dir),
        Sync.from(config),
        config.integer(
            Config.JOURNAL_SEGMENT_SIZE, (int) DEFAULT_SEGMENT_BYTES, (int) MIN_SEGMENT_BYTES));
  }

  /**
   * Locks {@code dir} (creating it), recovers what it holds and opens it for appends.
   *
   * @throws JournalLockedException when another JVM, or another journal here, holds it
   */
  public static Journal open(Path dir, Sync sync, long segmentBytes) throws IOException {
    if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "segment size "
              + segmentBytes
              + " is not within "
              + MIN_SEGMENT_BYTES
              + " and "
              + MAX_SEGMENT_BYTES);
    }
    Files.createDirectories(dir);
    Path lockPath = dir.resolve("lock");
    Path key = dir.toRealPath();
    if (!LOCKED_HERE.add(key)) {
      // Not even a channel: closing a second one on the lock file would drop this JVM's lock.
      throw new JournalLockedException(
          "journal directory "
              + dir.toAbsolutePath()
              + " is in use by another journal in this JVM; durable calls run as plain @Async");
    }
    try {
      return lockAndOpen(dir, key, lockPath, sync, segmentBytes);
    } catch (IOException | RuntimeException e) {
      LOCKED_HERE.remove(key);
      throw e;
    }
  }

  private static Journal lockAndOpen(
      Path dir, Path key, Path lockPath, Sync sync, long segmentBytes) throws IOException {
    FileChannel channel =
        FileChannel.open(
            lockPath, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new JournalLockedException(
          "journal directory "
              + dir.toAbsolutePath()
              + " is in use by "
              + holder
              + " (it holds "
              + lockPath.toAbsolutePath()
              + "); durable calls run as plain @Async");
    }
    try {
      byte[] pid = ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      return new Journal(dir, key, sync, segmentBytes, channel, lock);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private static String holder(FileChannel channel) {
    try {
      ByteBuffer b = ByteBuffer.allocate(64);
      channel.read(b, 0);
      String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).trim();
      return s.startsWith("pid ") ? "process " + s.substring(4) : "another process";
    } catch (IOException e) {
      return "another process";
    }
  }

  private Journal(
      Path dir, Path key, Sync sync, long segmentBytes, FileChannel lockChannel, FileLock lock)
      throws IOException {
    this.dir = dir;
    this.key = key;
    this.subject = "journal " + dir.toAbsolutePath();
    this.sync = sync;
    this.segmentBytes = segmentBytes;
    this.lockChannel = lockChannel;
    this.lock = lock;
    Map<Long, Call> open = new LinkedHashMap<>();
    long highest = 0;
    for (Path file : segmentFiles(dir)) {
      long number = Segment.number(file.getFileName().toString());
      highest = Math.max(highest, number);
      Segment s = new Segment(number, file);
      segments.put(number, s);
      RecordFormat.Scan scan = RecordFormat.scan(Files.readAllBytes(file));
      report(subject, file, scan.damage());
      int strays = 0;
      for (RecordFormat.Rec r : scan.records()) {
        if (r.type() == RecordFormat.CALL && r.id() >>> 32 != number) {
          strays++; // a copied or renamed file: its ids would not find it; not ours to run
        } else if (r.type() == RecordFormat.CALL) {
          open.put(r.id(), new Call(r.id(), r.payload()));
          s.pending.put(r.id(), r.offset());
        } else if (r.type() == RecordFormat.DONE || r.type() == RecordFormat.DEAD) {
          long home = r.id() >>> 32;
          s.lowestResolved = Math.min(s.lowestResolved, home);
          Segment h = segments.get(home);
          if (open.remove(r.id()) != null && h != null) {
            h.pending.remove(r.id());
          }
        }
      }
      if (strays > 0) {
        Log.warn(
            subject,
            file.getFileName()
                + ": "
                + strays
                + " call record"
                + (strays == 1 ? "" : "s")
                + " of another segment's number skipped (was the file renamed?)");
      }
    }
    this.deadLetters = new DeadLetters(dir.resolve("dead.log"), subject);
    this.nextSegment = Math.max(highest + 1, readSequence());
    this.reserved = nextSegment;
    List<Long> diedBeforeTheirMarker = new ArrayList<>();
    for (Long id : open.keySet()) {
      if (deadLetters.contains(id)) {
        diedBeforeTheirMarker.add(id);
      }
    }
    synchronized (writeLock) {
      for (Segment s : segments.values()) {
        pending += s.pending.size();
      }
      stats.pending = pending;
      for (long id : diedBeforeTheirMarker) {
        open.remove(id);
        resolve(id, RecordFormat.DEAD);
      }
      deleteResolved();
    }
    this.recovered = Collections.unmodifiableList(new ArrayList<>(open.values()));
    stats.replayed.add(recovered.size());
    if (!recovered.isEmpty()) {
      Log.info(
          subject
              + ": "
              + recovered.size()
              + " call"
              + (recovered.size() == 1 ? "" : "s")
              + " not finished before the last stop will run again");
    }
  }

  private static List<Path> segmentFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "segment-*.log")) {
      for (Path p : listing) {
        if (Segment.number(p.getFileName().toString()) >= 0) {
          files.add(p);
        }
      }
    }
    files.sort(
        (a, b) ->
            Long.compare(
                Segment.number(a.getFileName().toString()),
                Segment.number(b.getFileName().toString())));
    return files;
  }

  static void report(String subject, Path file, List<RecordFormat.Damage> damage) {
    for (RecordFormat.Damage d : damage) {
      Log.warn(
          subject,
          file.getFileName()
              + ": "
              + d.kind()
              + " at offset "
              + d.offset()
              + " ("
              + d.length()
              + " byte"
              + (d.length() == 1 ? "" : "s")
              + ") skipped"
              + (d.kind().contains("at the end") ? "" : "; the records after it are kept"));
    }
  }

  /** The calls that were pending when this journal was opened, in the order they were made. */
  public List<Call> recovered() {
    return recovered;
  }

  public Path directory() {
    return dir;
  }

  public Sync sync() {
    return sync;
  }

  public JournalStats stats() {
    return stats;
  }

  /**
   * Appends a call and returns its id once the record is as durable as {@link #sync} says.
   *
   * @throws IOException the record may or may not be in the journal: treat the call as not made
   */
  public long append(byte[] payload) throws IOException {
    long id;
    long end;
    RandomAccessFile file;
    synchronized (writeLock) {
      Segment s = segmentFor(RecordFormat.size(payload.length));
      id = s.number << 32 | s.size;
      write(s, RecordFormat.encode(RecordFormat.CALL, id, payload));
      s.pending.put(id, (int) (id & 0xFFFFFFFFL));
      stats.pending = ++pending;
      callsWritten++;
      end = written;
      file = s.file;
    }
    stats.appended.increment();
    if (sync == Sync.ALWAYS) {
      long t0 = System.nanoTime();
      syncFile(file);
      stats.synced(System.nanoTime() - t0, 1);
    } else if (sync == Sync.BATCH) {
      groupCommit(end);
    }
    return id;
  }

  /** A caller of {@code batch} waiting for an fsync that covers {@code end}. */
  private static final class Waiter {
    final Thread thread = Thread.currentThread();
    final long end;
    volatile boolean woken;

    Waiter(long end) {
      this.end = end;
    }
  }

  private void groupCommit(long end) throws IOException {
    if (synced.get() >= end) {
      return;
    }
    Waiter me = null;
    synchronized (syncLock) {
      if (synced.get() >= end) {
        return;
      }
      if (syncing) {
        me = new Waiter(end);
        waiters.add(me);
      } else {
        syncing = true; // no fsync under way: we lead
      }
    }
    if (me != null) {
      awaitWake(me);
      if (synced.get() >= end) {
        return; // covered by the fsync that woke us
      }
      // Not covered: woken to lead the next group (syncing was left true for us).
    }
    try {
      if (broken != null) {
        throw refusal(); // and hand over: each waiter in turn learns it
      }
      RandomAccessFile file;
      long upTo;
      long calls;
      synchronized (writeLock) {
        file = active == null ? null : active.file;
        upTo = written;
        calls = callsWritten;
      }
      long t0 = System.nanoTime();
      syncFile(file);
      long took = System.nanoTime() - t0;
      synchronized (syncLock) {
        stats.synced(took, calls - callsSynced);
        callsSynced = calls;
        synced.accumulateAndGet(upTo, Math::max);
      }
    } finally {
      handOver(); // on failure too: the next waiter leads and retries
    }
  }

  /** Wakes the waiters now covered, and one of the rest to lead the next fsync. */
  private void handOver() {
    synchronized (syncLock) {
      long done = synced.get();
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.end <= done) {
          it.remove();
          wake(w);
        }
      }
      Waiter next = waiters.poll();
      if (next == null) {
        syncing = false;
      } else {
        wake(next); // syncing stays true: it leads
      }
    }
  }

  private static void wake(Waiter w) {
    w.woken = true;
    LockSupport.unpark(w.thread);
  }

  private static void awaitWake(Waiter me) {
    boolean interrupted = false;
    while (!me.woken) {
      LockSupport.park(me);
      if (Thread.interrupted()) {
        interrupted = true; // the append is made: wait for its fsync, tell the caller after
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** fsync; a file sealed meanwhile was fsync'd by its seal. */
  private void syncFile(RandomAccessFile file) throws IOException {
    if (file == null) {
      return;
    }
    try {
      fileSync.sync(file);
    } catch (IOException e) {
      synchronized (writeLock) {
        for (Segment s : segments.values()) {
          if (s.file == file) {
            throw broken(e); // still open: a real failure
          }
        }
      }
    }
  }

  private void sealSync(RandomAccessFile file) throws IOException {
    try {
      fileSync.sync(file);
    } catch (IOException e) {
      throw broken(e);
    }
  }

  /** How a segment is fsync'd; tests put a failing one here. */
  interface FileSync {
    void sync(RandomAccessFile file) throws IOException;
  }

  FileSync fileSync = file -> file.getFD().sync();

  /**
   * After a failed fsync the kernel may have dropped the dirty pages and report the next fsync as
   * good, so nothing appended can be promised durable again: the journal refuses appends from then
   * on (told once); what it holds is recovered by the next run.
   */
  private IOException broken(IOException cause) {
    synchronized (syncLock) {
      if (broken == null) {
        broken = cause;
        Log.error(
            subject,
            "an fsync failed ("
                + cause
                + "); it takes no more durable calls until"
                + " restart, and they run as plain @Async");
      }
    }
    return refusal();
  }

  private IOException refusal() {
    return new IOException(subject + " takes no more calls: an fsync failed", broken);
  }

  /** Records that the call's body finished; it will not run again. Unknown ids are ignored. */
  public void complete(long id) throws IOException {
    synchronized (writeLock) {
      if (isPending(id)) {
        resolve(id, RecordFormat.DONE);
        stats.completed.increment();
      }
    }
  }

  /**
   * Moves a pending call to the dead letters (fsync'd) with {@code reason} (no argument values: it
   * is shown to operators): it is not run again unless {@link #replayDead} is asked to.
   *
   * @throws IllegalArgumentException when {@code id} is not pending
   */
  public void dead(long id, String reason) throws IOException {
    synchronized (writeLock) {
      if (!isPending(id)) {
        throw new IllegalArgumentException("no pending call " + id + " in " + subject);
      }
      Segment home = segments.get(id >>> 32);
      int offset = home.pending.get(id);
      byte[] payload;
      try (RandomAccessFile f = new RandomAccessFile(home.path.toFile(), "r")) {
        byte[] header = new byte[RecordFormat.HEADER];
        f.seek(offset);
        f.readFully(header);
        int length = ByteBuffer.wrap(header).getInt(4);
        payload = new byte[length - RecordFormat.BODY_FIXED];
        f.seek(offset + RecordFormat.HEADER + RecordFormat.BODY_FIXED);
        f.readFully(payload);
      }
      deadLetters.add(id, reason, payload);
      resolve(id, RecordFormat.DEAD);
    }
    stats.dead.increment();
  }

  /** The dead calls, oldest first. */
  public List<DeadCall> listDead() {
    synchronized (writeLock) {
      return deadLetters.list();
    }
  }

  /**
   * Appends dead call {@code id} again as a new pending call and removes it from the dead letters;
   * returns the new call's id, which the caller runs.
   *
   * @throws IllegalArgumentException when {@code id} is not a dead call
   */
  public long replayDead(long id) throws IOException {
    DeadCall call;
    synchronized (writeLock) {
      call = deadLetters.get(id);
      if (call == null) {
        throw new IllegalArgumentException("no dead call " + id + " in " + subject);
      }
    }
    long fresh = append(call.payload());
    synchronized (writeLock) {
      // Crash before this: the call is both dead and pending, so it may run twice (at least once).
      deadLetters.revive(id);
    }
    stats.replayed.increment();
    return fresh;
  }

  /** Seals the segment being appended to, so it can go once its calls are resolved. */
  public void roll() throws IOException {
    synchronized (writeLock) {
      ensureOpen();
      if (active != null) {
        active.seal(this::sealSync);
        active = null;
        synced.accumulateAndGet(written, Math::max);
      }
      deleteResolved();
    }
  }

  /** Segment files on disk now (for tests and the admin command). */
  public int segmentCount() {
    synchronized (writeLock) {
      return segments.size();
    }
  }

  /**
   * Seals the active segment (deleting it if it holds nothing pending) and releases the lock;
   * pending calls stay for the next open.
   */
  @Override
  public void close() throws IOException {
    synchronized (writeLock) {
      if (closed) {
        return;
      }
      try {
        if (broken == null) {
          roll();
        }
        deadLetters.close();
      } finally {
        closed = true;
        unlock();
      }
    }
  }

  /** As a {@code kill -9} would leave it, for tests: no seal, no deletion, the lock released. */
  void abandon() throws IOException {
    synchronized (writeLock) {
      closed = true;
      if (active != null && active.file != null) {
        active.file.close();
        active.file = null;
      }
      deadLetters.close();
      unlock();
    }
  }

  private void unlock() throws IOException {
    try {
      lock.release();
      lockChannel.close();
    } finally {
      LOCKED_HERE.remove(key);
    }
  }

  private boolean isPending(long id) {
    Segment home = segments.get(id >>> 32);
    return home != null && home.pending.containsKey(id);
  }

  /** Under the write lock: appends a DONE or DEAD marker and settles the books. */
  private void resolve(long id, byte type) throws IOException {
    Segment s = segmentFor(RecordFormat.size(0));
    write(s, RecordFormat.encode(type, id, new byte[0]));
    Segment home = segments.get(id >>> 32);
    s.lowestResolved = Math.min(s.lowestResolved, home.number);
    home.pending.remove(id);
    stats.pending = --pending;
    if (home.pending.isEmpty() && home.sealed()) {
      deleteResolved();
    }
  }

  /** Under the write lock: the segment to append {@code bytes} to, rolled or created if need be. */
  private Segment segmentFor(int bytes) throws IOException {
    ensureOpen();
    if (active != null && active.size > 0 && active.size + bytes > segmentBytes) {
      active.seal(this::sealSync);
      active = null;
      synced.accumulateAndGet(written, Math::max);
      deleteResolved();
    }
    if (active == null) {
      if (nextSegment >= reserved) {
        writeSequence(nextSegment + RESERVE);
      }
      long number = nextSegment++;
      Segment s = new Segment(number, dir.resolve(Segment.fileName(number)));
      s.file = new RandomAccessFile(s.path.toFile(), "rw");
      s.file.setLength(0);
      syncDirectory(); // the new file's name must survive a power cut too
      segments.put(number, s);
      active = s;
    }
    return active;
  }

  private long readSequence() throws IOException {
    Path file = dir.resolve("sequence");
    if (!Files.exists(file)) {
      return 1;
    }
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.US_ASCII).trim();
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      Log.warn(subject, "sequence holds no number; segment numbers start above the highest file");
      return 1;
    }
  }

  /** Under the write lock: reserves segment numbers below {@code upTo}, durably. */
  private void writeSequence(long upTo) throws IOException {
    Path tmp = dir.resolve("sequence.tmp");
    try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
      f.setLength(0);
      f.write((upTo + "\n").getBytes(StandardCharsets.US_ASCII));
      f.getFD().sync();
    }
    Files.move(
        tmp,
        dir.resolve("sequence"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    syncDirectory();
    reserved = upTo;
  }

  private void write(Segment s, byte[] record) throws IOException {
    s.file.write(record);
    s.size += record.length;
    written += record.length;
  }

  /**
   * Under the write lock: deletes, oldest first, each sealed segment with nothing pending whose
   * DONE records resolve only calls of segments already deleted or of itself.
   */
  private void deleteResolved() throws IOException {
    for (Iterator<Segment> it = segments.values().iterator(); it.hasNext(); ) {
      Segment s = it.next();
      if (s.sealed()
          && s.pending.isEmpty()
          && segments.subMap(s.lowestResolved, true, s.number, false).isEmpty()) {
        Files.deleteIfExists(s.path);
        it.remove();
      }
    }
  }

  private void syncDirectory() {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not every platform lets a directory be opened; the file's own fsync must do there.
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException(subject + " is closed");
    }
    if (broken != null) {
      throw refusal();
    }
  }
}
