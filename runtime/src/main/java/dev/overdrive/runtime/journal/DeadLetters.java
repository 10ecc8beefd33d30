package dev.overdrive.runtime.journal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dead.log}: calls that failed every attempt, with their payloads, kept out of the segments
 * so they never hold a segment back nor run again by themselves. Same record format; each change is
 * fsync'd (rare, and a dead call's only copy lives here). The file goes when the last dead call is
 * replayed. Guarded by the journal's lock; the dead calls are also held in memory (as many as there
 * are, until replayed).
 */
final class DeadLetters {

  private final Path path;
  private final Map<Long, Journal.DeadCall> calls = new LinkedHashMap<>();
  private RandomAccessFile file;

  DeadLetters(Path path, String subject) throws IOException {
    this.path = path;
    if (Files.exists(path)) {
      RecordFormat.Scan scan = RecordFormat.scan(Files.readAllBytes(path));
      Journal.report(subject, path, scan.damage());
      for (RecordFormat.Rec r : scan.records()) {
        if (r.type() == RecordFormat.DEAD_LETTER) {
          calls.put(r.id(), decode(r.id(), r.payload()));
        } else if (r.type() == RecordFormat.REVIVED) {
          calls.remove(r.id());
        }
      }
      if (calls.isEmpty()) {
        Files.delete(path);
      }
    }
  }

  boolean contains(long id) {
    return calls.containsKey(id);
  }

  Journal.DeadCall get(long id) {
    return calls.get(id);
  }

  List<Journal.DeadCall> list() {
    return new ArrayList<>(calls.values());
  }

  void add(long id, String reason, byte[] payload) throws IOException {
    byte[] why = reason.getBytes(StandardCharsets.UTF_8);
    if (why.length > 0xFFFF) {
      why = Arrays.copyOf(why, 0xFFFF);
    }
    ByteBuffer b = ByteBuffer.allocate(2 + why.length + payload.length);
    b.putShort((short) why.length).put(why).put(payload);
    write(RecordFormat.encode(RecordFormat.DEAD_LETTER, id, b.array()));
    calls.put(id, decode(id, b.array()));
  }

  void revive(long id) throws IOException {
    write(RecordFormat.encode(RecordFormat.REVIVED, id, new byte[0]));
    calls.remove(id);
    if (calls.isEmpty()) {
      close();
      Files.deleteIfExists(path);
    }
  }

  private void write(byte[] record) throws IOException {
    if (file == null) {
      file = new RandomAccessFile(path.toFile(), "rw");
      file.seek(file.length());
    }
    file.write(record);
    file.getFD().sync();
  }

  void close() throws IOException {
    if (file != null) {
      file.close();
      file = null;
    }
  }

  private static Journal.DeadCall decode(long id, byte[] body) {
    ByteBuffer b = ByteBuffer.wrap(body);
    int n = b.getShort() & 0xFFFF;
    String reason = new String(body, 2, n, StandardCharsets.UTF_8);
    return new Journal.DeadCall(id, reason, Arrays.copyOfRange(body, 2 + n, body.length));
  }
}
