package dev.overdrive.runtime.journal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One record: {@code magic(4) length(4) crc32c(4) | type(1) id(8) payload}, big-endian, where
 * {@code length} counts the bytes after the header and the CRC covers {@code length} and them. The
 * magic lets a scan that met damage find where the next record starts: it tries each following
 * position whose four bytes are the magic and takes the first whose length and CRC hold (a payload
 * that happens to contain the magic also needs a matching CRC, 2^-32).
 */
final class RecordFormat {

  static final int MAGIC = 0x4F444A31; // "ODJ1"
  static final int HEADER = 12;
  static final int BODY_FIXED = 9;

  static final byte CALL = 1;
  static final byte DONE = 2;

  /** In a segment: the call was moved to the dead letters and is resolved. */
  static final byte DEAD = 3;

  /** In the dead letters: a dead call; payload: reason length(2), reason (UTF-8), call payload. */
  static final byte DEAD_LETTER = 4;

  /** In the dead letters: that dead call was replayed. */
  static final byte REVIVED = 5;

  private RecordFormat() {}

  static int size(int payloadLength) {
    return HEADER + BODY_FIXED + payloadLength;
  }

  static byte[] encode(byte type, long id, byte[] payload) {
    int length = BODY_FIXED + payload.length;
    ByteBuffer b = ByteBuffer.allocate(HEADER + length);
    b.putInt(MAGIC).putInt(length).putInt(0).put(type).putLong(id).put(payload);
    byte[] bytes = b.array();
    b.putInt(8, crc(bytes, 4, length));
    return bytes;
  }

  /** CRC32C of the length field at {@code lengthAt} and of the body after the header. */
  private static int crc(byte[] bytes, int lengthAt, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, lengthAt, 4);
    crc.update(bytes, lengthAt + 8, length);
    return (int) crc.getValue();
  }

  /** A record read back; {@code offset} is where it starts in its file. */
  record Rec(int offset, byte type, long id, byte[] payload) {}

  /** Bytes skipped by a scan: where, how many, and what they looked like. */
  record Damage(int offset, int length, String kind) {}

  /** The records of a file, and what was skipped. */
  record Scan(List<Rec> records, List<Damage> damage) {}

  private static final int OK = 0;
  private static final int TORN = 1;
  private static final int BAD_CRC = 2;
  private static final int NOT_A_RECORD = 3;

  static Scan scan(byte[] data) {
    List<Rec> records = new ArrayList<>();
    List<Damage> damage = new ArrayList<>();
    int pos = 0;
    while (pos < data.length) {
      int verdict = check(data, pos);
      if (verdict == OK) {
        int length = ByteBuffer.wrap(data, pos + 4, 4).getInt();
        ByteBuffer b = ByteBuffer.wrap(data, pos + HEADER, length);
        byte type = b.get();
        long id = b.getLong();
        byte[] payload = new byte[length - BODY_FIXED];
        b.get(payload);
        records.add(new Rec(pos, type, id, payload));
        pos += HEADER + length;
        continue;
      }
      int next = pos + 1;
      while (next < data.length && check(data, next) != OK) {
        next++;
      }
      String kind =
          next == data.length && verdict == TORN
              ? "a torn record at the end (the process died mid-append, or the file was truncated)"
              : verdict == BAD_CRC
                  ? "a record whose checksum does not match"
                  : next == data.length
                      ? "bytes at the end that are no record"
                      : "bytes that are no record";
      damage.add(new Damage(pos, next - pos, kind));
      pos = next;
    }
    return new Scan(records, damage);
  }

  private static int check(byte[] data, int pos) {
    int left = data.length - pos;
    if (left < HEADER) {
      return left >= 4 && ByteBuffer.wrap(data, pos, 4).getInt() != MAGIC ? NOT_A_RECORD : TORN;
    }
    ByteBuffer b = ByteBuffer.wrap(data);
    if (b.getInt(pos) != MAGIC) {
      return NOT_A_RECORD;
    }
    int length = b.getInt(pos + 4);
    if (length < BODY_FIXED || length < 0) {
      return NOT_A_RECORD;
    }
    if (length > left - HEADER) {
      return TORN;
    }
    return crc(data, pos + 4, length) == b.getInt(pos + 8) ? OK : BAD_CRC;
  }
}
