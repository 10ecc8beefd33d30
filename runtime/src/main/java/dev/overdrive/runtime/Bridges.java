package dev.overdrive.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Defines our bridge classes (package {@code dev.overdrive.runtime.bridge}) inside an application's
 * class loader. The runtime lives on the bootstrap class path and cannot see the application's
 * libraries; a bridge is compiled against one of them (Micrometer, SLF4J, our own SPI interfaces),
 * is defined child-first in a small loader whose parent is the application's, so it links against
 * the application's copy, and is seen by the runtime through a JDK-typed interface.
 */
public final class Bridges {

  private static final String PACKAGE = "dev.overdrive.runtime.bridge.";

  /** Held weakly both ways: a bridge loader's parent is its key. Bridge objects hold theirs. */
  private static final Map<ClassLoader, WeakReference<BridgeLoader>> LOADERS = new WeakHashMap<>();

  private Bridges() {}

  /** A new instance of bridge {@code simpleName}, linked against what {@code application} sees. */
  public static synchronized <T> T create(ClassLoader application, String simpleName, Class<T> type)
      throws ReflectiveOperationException {
    WeakReference<BridgeLoader> known = LOADERS.get(application);
    BridgeLoader loader = known == null ? null : known.get();
    if (loader == null) {
      loader = new BridgeLoader(application);
      LOADERS.put(application, new WeakReference<>(loader));
    }
    return type.cast(loader.loadClass(PACKAGE + simpleName).getConstructor().newInstance());
  }

  /** Child first for the bridge package, parent first for everything else. */
  private static final class BridgeLoader extends ClassLoader {

    BridgeLoader(ClassLoader application) {
      super(application);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          byte[] bytes = bytesOf(name);
          c = defineClass(name, bytes, 0, bytes.length);
        }
        return c;
      }
    }

    private static byte[] bytesOf(String name) throws ClassNotFoundException {
      String resource = "/" + name.replace('.', '/') + ".class";
      try (InputStream in = Bridges.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new ClassNotFoundException(name + " is missing from the agent");
        }
        return in.readAllBytes();
      } catch (IOException e) {
        throw new ClassNotFoundException(name, e);
      }
    }
  }
}
