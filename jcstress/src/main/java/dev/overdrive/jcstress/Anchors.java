package dev.overdrive.jcstress;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;

/**
 * Classes for sites to be anchored to, that can be unloaded.
 *
 * <p>A site's first use ties it to the class of its method for as long as that class lives ({@code
 * dev.overdrive.runtime.Lifecycle#anchor}). jcstress makes a fresh state, hence a fresh site,
 * millions of times; anchored to one ordinary class they would all stay reachable and fill the
 * heap. So every few hundred sites get a new hidden class to be anchored to: once the states using
 * it are gone, the class is unreachable and the GC unloads it together with the sites it anchors.
 * The runtime code under test runs exactly as in production (the same public {@code miss(key, self,
 * type)} call, the same first-use wiring), only the {@code type} differs.
 */
public final class Anchors {

  /** Sites per hidden class: small enough that anchored sites never pile up. */
  private static final int SITES_PER_CLASS = 256;

  private static final byte[] TOKEN = bytesOf(AnchorToken.class);

  private static Class<?> current;
  private static int used = SITES_PER_CLASS;

  private Anchors() {}

  /** A class to hand to a new site as its method's class. */
  public static synchronized Class<?> next() {
    if (used == SITES_PER_CLASS) {
      try {
        current = MethodHandles.lookup().defineHiddenClass(TOKEN, false).lookupClass();
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      used = 0;
    }
    used++;
    return current;
  }

  private static byte[] bytesOf(Class<?> c) {
    String resource = c.getSimpleName() + ".class";
    try (InputStream in = c.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no class file for " + c);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
