package dev.overdrive.agent;

import java.io.File;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.function.Supplier;
import java.util.jar.JarFile;

/**
 * The transformer the JVM calls for every class. It rejects, cheaply and without loading anything,
 * the classes that cannot carry our annotations (the JDK's, the agent's own, and every class whose
 * constant pool does not mention {@code dev/overdrive/annotations/}). The first class that passes
 * wakes the agent: this jar goes on the bootstrap class path and the ByteBuddy transformer is
 * created from there. Nothing thrown here reaches the JVM: a failure leaves the class as it was.
 */
final class PrefilterTransformer implements ClassFileTransformer {

  private static final String[] IGNORED = {
    "java/",
    "jdk/",
    "sun/",
    "com/sun/",
    "dev/overdrive/agent/",
    "dev/overdrive/runtime/",
    "dev/overdrive/shaded/",
    "dev/overdrive/annotations/",
  };

  private final Instrumentation inst;
  private final File jar;
  private volatile ClassFileTransformer delegate;
  private boolean woken;
  private volatile boolean switchedOff;

  PrefilterTransformer(Instrumentation inst, File jar) {
    this.inst = inst;
    this.jar = jar;
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain domain,
      byte[] bytes) {
    if (!accepts(loader, className, bytes)) {
      return null;
    }
    try {
      ClassFileTransformer d = delegate(loader);
      return d == null
          ? null
          : d.transform(module, loader, className, classBeingRedefined, domain, bytes);
    } catch (Throwable t) {
      // Only waking can fail here (the delegate reports its own failures): nothing is
      // transformed from now on, and the application runs as written.
      System.err.println(
          "[overdrive] ERROR agent: cannot start, the application runs without"
              + " Overdrive: "
              + t);
      return null;
    }
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain domain,
      byte[] bytes) {
    return transform(null, loader, className, classBeingRedefined, domain, bytes);
  }

  /** Whether the class may carry our annotations; cheap enough to run for every class. */
  static boolean accepts(ClassLoader loader, String className, byte[] bytes) {
    if (loader == null || className == null || bytes == null) {
      return false; // the JDK's own classes, and hidden classes, carry no annotations of ours
    }
    for (String prefix : IGNORED) {
      if (className.startsWith(prefix)) {
        return false;
      }
    }
    return ConstantPool.mentionsAnnotations(bytes);
  }

  /** The ByteBuddy transformer, created on first need; {@code null} if the agent cannot wake. */
  private ClassFileTransformer delegate(ClassLoader loader) throws Exception {
    ClassFileTransformer d = delegate;
    if (d != null) {
      return d;
    }
    synchronized (this) {
      if (delegate == null && !woken) {
        woken = true; // once: a failure, or the application's files switching us off, is final
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
        delegate =
            (ClassFileTransformer)
                Class.forName("dev.overdrive.agent.AwakeAgent", true, null)
                    .getMethod("transformer", File.class, ClassLoader.class)
                    .invoke(null, jar, loader);
        switchedOff = delegate == null;
      }
      return delegate;
    }
  }

  /** The shutdown line: what was instrumented, or that nothing needed to be. */
  @SuppressWarnings("unchecked")
  void printSummary() {
    ClassFileTransformer d = delegate;
    String summary =
        d instanceof Supplier
            ? ((Supplier<String>) d).get()
            : switchedOff
                ? "switched off by overdrive.enabled=false in the application's properties"
                : "no class with Overdrive annotations was loaded";
    System.err.println("[overdrive] " + summary);
  }
}
