package dev.overdrive.runtime.remote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Turns a cached value into the bytes stored in Redis and back, for one cache.
 *
 * <p>Design. Every stored value starts with a three-byte header, so the format can change between
 * deployments and an old or new JVM recognises what it cannot read (a miss, never a wrong value):
 *
 * <pre>
 *   byte 0   0xD0 | version        (magic nibble 0xD, format version 1)
 *   byte 1   codec id              (0 = the cached null, no payload; 1 = JDK serialization)
 *   byte 2   flags                 (bit 0: the payload is an LZ4 block; other bits must be 0)
 *   [LZ4: 4 bytes, big-endian, the uncompressed length]
 *   payload
 * </pre>
 *
 * Decoding runs {@link ObjectInputStream} under an {@link ObjectInputFilter} allow-list: the JDK's
 * value packages ({@code java.lang}, {@code java.util}, {@code java.time}, {@code java.math}, each
 * without its subpackages, so neither {@code java.lang.reflect}, {@code java.lang.invoke} nor
 * {@code java.util.logging} and no {@code java.net.URL}), the packages of the cached method's
 * return type given by the caller, and the extra patterns of {@code overdrive.redis.serialFilter};
 * every other class is rejected before any of its instances is created, and so is a graph deeper
 * than {@value #MAX_DEPTH} (nested-set "serial DoS") or an array longer than the payload has bytes.
 * A pattern filter answers UNDECIDED for what no pattern names, which {@code ObjectInputStream}
 * would accept: here only primitive arrays and the stream's own limit checks may pass undecided.
 * Classes resolve in the cached method's class loader (the runtime itself is on the bootstrap path
 * and sees none of the application's classes), held weakly so a cache never pins its application.
 *
 * <p>Compression: an encoded value above {@code compressAbove} bytes is LZ4-compressed (the
 * pure-Java safe compressor and decompressor: no JNI, no {@code Unsafe}, and the decompressor never
 * reads or writes out of bounds on hostile input) and kept compressed only if that saves space.
 */
public final class ValueCodec {

  /** The outcome of {@link #decode}. */
  public static final class Decoded {
    /** A class outside the allow-list: nothing was deserialized; delete, count, report once. */
    public static final Decoded REJECTED = new Decoded(null);

    /** An unknown header (version, codec, flags) or damaged bytes: a miss; delete it. */
    public static final Decoded UNREADABLE = new Decoded(null);

    /** The value ({@code null} for a cached null), when this is neither constant. */
    public final Object value;

    private Decoded(Object value) {
      this.value = value;
    }

    public boolean ok() {
      return this != REJECTED && this != UNREADABLE;
    }
  }

  static final int MAGIC = 0xD0;
  static final int VERSION = 1;
  static final int CODEC_NULL = 0;
  static final int CODEC_JDK = 1;
  static final int FLAG_LZ4 = 1;
  static final int HEADER = 3;
  static final int MAX_DEPTH = 64;

  /** Redis's own largest string: a longer claimed length is damage, not a value. */
  private static final int MAX_LENGTH = 512 << 20;

  private static final byte[] NULL_VALUE = {(byte) (MAGIC | VERSION), CODEC_NULL, 0};
  private static final String[] JDK_VALUE_PACKAGES = {
    "java.lang.*", "java.util.*", "java.time.*", "java.math.*"
  };

  private final WeakReference<ClassLoader> loader;
  private final ObjectInputFilter patterns;
  private final int compressAbove;

  /**
   * @param loader the cached method's class loader (the application's classes resolve in it)
   * @param packages packages of the method's return type (and its type arguments), allowed with
   *     their classes but not their subpackages
   * @param extraPatterns {@code overdrive.redis.serialFilter}: {@code ObjectInputFilter} patterns
   *     separated by {@code ;} (may be null or empty)
   * @param compressAbove encoded values longer than this are LZ4-compressed if that saves space
   * @throws IllegalArgumentException if {@code extraPatterns} is not a valid filter
   */
  public ValueCodec(
      ClassLoader loader, Collection<String> packages, String extraPatterns, int compressAbove) {
    this.loader = new WeakReference<>(loader);
    this.compressAbove = compressAbove;
    List<String> allow = new ArrayList<>(List.of(JDK_VALUE_PACKAGES));
    for (String p : packages) {
      if (!p.isEmpty()) {
        allow.add(p + ".*");
      }
    }
    allow.add("maxdepth=" + MAX_DEPTH);
    if (extraPatterns != null && !extraPatterns.isBlank()) {
      allow.add(extraPatterns.trim()); // after our limit, so a maxdepth=N there wins
    }
    allow.add("!*");
    this.patterns = ObjectInputFilter.Config.createFilter(String.join(";", allow));
  }

  /** The bytes for {@code value} ({@code null} included), or {@code null}: it stays local. */
  public byte[] encode(Object value) {
    if (value == null) {
      return NULL_VALUE.clone();
    }
    Out out = new Out();
    out.write(MAGIC | VERSION);
    out.write(CODEC_JDK);
    out.write(0);
    try (ObjectOutputStream oos = new ObjectOutputStream(out)) {
      oos.writeObject(value);
    } catch (IOException | RuntimeException e) { // NotSerializableException, a failing writeObject
      return null;
    }
    byte[] plain = out.toByteArray();
    return plain.length > compressAbove ? compressIfSmaller(plain) : plain;
  }

  private static byte[] compressIfSmaller(byte[] plain) {
    LZ4Compressor lz4 = Lz4.FACTORY.fastCompressor();
    int length = plain.length - HEADER;
    byte[] packed = new byte[HEADER + 4 + lz4.maxCompressedLength(length)];
    int size = lz4.compress(plain, HEADER, length, packed, HEADER + 4);
    if (HEADER + 4 + size >= plain.length) {
      return plain;
    }
    packed[0] = plain[0];
    packed[1] = plain[1];
    packed[2] = FLAG_LZ4;
    packed[3] = (byte) (length >>> 24);
    packed[4] = (byte) (length >>> 16);
    packed[5] = (byte) (length >>> 8);
    packed[6] = (byte) length;
    byte[] exact = new byte[HEADER + 4 + size];
    System.arraycopy(packed, 0, exact, 0, exact.length);
    return exact;
  }

  /** Whether {@code bytes} (from {@link #encode}) holds an LZ4-compressed payload. */
  static boolean compressed(byte[] bytes) {
    return bytes.length >= HEADER && (bytes[2] & FLAG_LZ4) != 0;
  }

  /** The value stored as {@code bytes}, starting at {@code offset}. */
  public Decoded decode(byte[] bytes, int offset) {
    int length = bytes.length - offset;
    if (length < HEADER || (bytes[offset] & 0xFF) != (MAGIC | VERSION)) {
      return Decoded.UNREADABLE;
    }
    int codec = bytes[offset + 1];
    int flags = bytes[offset + 2];
    if ((flags & ~FLAG_LZ4) != 0) {
      return Decoded.UNREADABLE;
    }
    if (codec == CODEC_NULL) {
      return length == HEADER && flags == 0 ? new Decoded(null) : Decoded.UNREADABLE;
    }
    if (codec != CODEC_JDK) {
      return Decoded.UNREADABLE;
    }
    byte[] payload = bytes;
    int start = offset + HEADER;
    int size = length - HEADER;
    if ((flags & FLAG_LZ4) != 0) {
      if (size < 4) {
        return Decoded.UNREADABLE;
      }
      int plain =
          ((bytes[start] & 0xFF) << 24)
              | ((bytes[start + 1] & 0xFF) << 16)
              | ((bytes[start + 2] & 0xFF) << 8)
              | (bytes[start + 3] & 0xFF);
      // LZ4 expands at most about 255 times: a larger claim is damage, and not worth allocating
      if (plain < 0 || plain > MAX_LENGTH || plain > (size - 4) * 255L + 16) {
        return Decoded.UNREADABLE;
      }
      payload = new byte[plain];
      try {
        LZ4SafeDecompressor lz4 = Lz4.FACTORY.safeDecompressor();
        if (lz4.decompress(bytes, start + 4, size - 4, payload, 0, plain) != plain) {
          return Decoded.UNREADABLE;
        }
      } catch (RuntimeException damaged) {
        return Decoded.UNREADABLE;
      }
      start = 0;
      size = plain;
    }
    return deserialize(payload, start, size);
  }

  private Decoded deserialize(byte[] payload, int start, int size) {
    ClassLoader classes = loader.get();
    boolean[] rejected = {false};
    ObjectInputFilter filter =
        info -> {
          ObjectInputFilter.Status s = patterns.checkInput(info);
          if (s == ObjectInputFilter.Status.UNDECIDED
              && info.serialClass() != null
              && !primitiveArray(info.serialClass())) {
            s = ObjectInputFilter.Status.REJECTED; // named by no pattern: not allowed
          }
          if (s == ObjectInputFilter.Status.UNDECIDED && info.arrayLength() > size) {
            s = ObjectInputFilter.Status.REJECTED; // longer than the bytes it came from
          }
          if (s == ObjectInputFilter.Status.REJECTED) {
            rejected[0] = true;
          }
          return s == ObjectInputFilter.Status.UNDECIDED ? ObjectInputFilter.Status.ALLOWED : s;
        };
    try (ObjectInputStream in =
        new LoaderInput(new ByteArrayInputStream(payload, start, size), classes)) {
      in.setObjectInputFilter(filter);
      Object value = in.readObject();
      return in.read() == -1 ? new Decoded(value) : Decoded.UNREADABLE;
    } catch (Exception | LinkageError e) {
      return rejected[0] ? Decoded.REJECTED : Decoded.UNREADABLE;
    } catch (StackOverflowError e) {
      return Decoded.UNREADABLE;
    }
  }

  private static boolean primitiveArray(Class<?> c) {
    while (c.isArray()) {
      c = c.getComponentType();
    }
    return c.isPrimitive();
  }

  /** Resolves classes in the cached method's loader (the stream would use the bootstrap's). */
  private static final class LoaderInput extends ObjectInputStream {
    private final ClassLoader classes;

    LoaderInput(InputStream in, ClassLoader classes) throws IOException {
      super(in);
      this.classes = classes;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc)
        throws IOException, ClassNotFoundException {
      return Class.forName(desc.getName(), false, classes); // loads, initialises nothing
    }
  }

  /** A byte buffer whose array is handed out without a copy when it is exactly full. */
  private static final class Out extends ByteArrayOutputStream {
    Out() {
      super(256);
    }

    @Override
    public synchronized byte[] toByteArray() {
      return count == buf.length ? buf : super.toByteArray();
    }
  }

  /** Holder: LZ4 is loaded on the first value that needs it. */
  private static final class Lz4 {
    static final LZ4Factory FACTORY = LZ4Factory.safeInstance();
  }
}
