package dev.overdrive.it.app;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * A class the agent cannot transform, for real: its {@code @Cached} method's code is a few bytes
 * under the JVM's 64 KiB limit, so the advice would push it over and the transformation fails.
 * Generated here (with the ASM inside Mockito's ByteBuddy, on the scenarios' class path) because no
 * one writes such a method by hand.
 */
public final class Unlucky {

  public static final AtomicInteger CALLS = new AtomicInteger();
  static final String NAME = "dev.overdrive.it.app.UnluckyGenerated";

  private Unlucky() {}

  /** Counts one run of the generated method's body. */
  public static void ran() {
    CALLS.incrementAndGet();
  }

  /** {@code static String lookup(String k)}, {@code @Cached}, loaded in a loader of its own. */
  static MethodHandle lookup() throws ReflectiveOperationException {
    byte[] bytes = generate();
    ClassLoader loader =
        new ClassLoader(Unlucky.class.getClassLoader()) {
          @Override
          protected Class<?> findClass(String name) throws ClassNotFoundException {
            if (!name.equals(NAME)) {
              throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
          }
        };
    Class<?> type = loader.loadClass(NAME);
    return MethodHandles.publicLookup()
        .findStatic(type, "lookup", MethodType.methodType(String.class, String.class));
  }

  /** Calls the generated method. */
  static String call(MethodHandle lookup, String k) {
    try {
      return (String) lookup.invokeExact(k);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  private static byte[] generate() {
    ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    cw.visit(
        Opcodes.V17,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL,
        NAME.replace('.', '/'),
        null,
        "java/lang/Object",
        null);
    MethodVisitor mv =
        cw.visitMethod(
            Opcodes.ACC_PUBLIC | Opcodes.ACC_STATIC,
            "lookup",
            "(Ljava/lang/String;)Ljava/lang/String;",
            null,
            null);
    mv.visitAnnotation("Ldev/overdrive/annotations/Cached;", true).visitEnd();
    mv.visitCode();
    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "dev/overdrive/it/app/Unlucky", "ran", "()V", false);
    mv.visitInsn(Opcodes.ICONST_0);
    mv.visitVarInsn(Opcodes.ISTORE, 1);
    // 3 + 2 + 3n + 2 bytes: 65,533 of the 65,535 a method may have.
    for (int i = 0; i < 21_841; i++) {
      mv.visitIincInsn(1, 1);
    }
    mv.visitVarInsn(Opcodes.ALOAD, 0);
    mv.visitInsn(Opcodes.ARETURN);
    mv.visitMaxs(0, 0);
    mv.visitEnd();
    cw.visitEnd();
    return cw.toByteArray();
  }
}
