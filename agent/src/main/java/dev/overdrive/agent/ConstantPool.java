package dev.overdrive.agent;

/**
 * Tells from a class file's bytes, without parsing more than its constant pool, whether the class
 * mentions one of our annotations. This runs for every class the JVM loads, so it reads only the
 * pool's UTF-8 entries and compares each with a prefix: classes that do not mention us cost a few
 * hundred array reads and load nothing.
 */
final class ConstantPool {

  private static final byte[] PREFIX =
      "Ldev/overdrive/annotations/".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private ConstantPool() {}

  /** Whether a UTF-8 constant starts with {@code Ldev/overdrive/annotations/}. */
  static boolean mentionsAnnotations(byte[] b) {
    try {
      int count = u2(b, 8);
      int i = 10;
      for (int entry = 1; entry < count; entry++) {
        int tag = b[i] & 0xFF;
        switch (tag) {
          case 1:
            { // Utf8
              int length = u2(b, i + 1);
              if (length >= PREFIX.length && startsWithPrefix(b, i + 3)) {
                return true;
              }
              i += 3 + length;
              break;
            }
          case 3:
          case 4:
          case 9:
          case 10:
          case 11:
          case 12:
          case 17:
          case 18:
            i += 5;
            break;
          case 5:
          case 6: // Long, Double take two slots
            i += 9;
            entry++;
            break;
          case 7:
          case 8:
          case 16:
          case 19:
          case 20:
            i += 3;
            break;
          case 15:
            i += 4;
            break;
          default:
            return true; // unknown pool entry: let the full parser decide
        }
      }
      return false;
    } catch (ArrayIndexOutOfBoundsException malformed) {
      return false; // not a class file we can read: the JVM will reject it anyway
    }
  }

  private static boolean startsWithPrefix(byte[] b, int at) {
    for (int k = 0; k < PREFIX.length; k++) {
      if (b[at + k] != PREFIX[k]) {
        return false;
      }
    }
    return true;
  }

  private static int u2(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }
}
