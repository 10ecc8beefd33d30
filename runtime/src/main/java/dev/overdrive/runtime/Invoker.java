package dev.overdrive.runtime;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Calls one specific method implementation (not an override) with given arguments; the caller sets
 * a {@link Bypass} mark first so the call runs the body instead of the advice. Built lazily, off
 * the hot path, the first time the runtime must run a method's body itself: a background refresh,
 * an {@code @Async} task, a {@code @Parallel} chunk.
 */
public final class Invoker {

  private final MethodHandle handle;
  private final boolean isStatic;

  public Invoker(MethodRef method, ClassLoader loader) {
    try {
      Class<?> owner = Class.forName(method.className(), false, loader);
      MethodType type = MethodType.fromMethodDescriptorString(method.descriptor(), loader);
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
      MethodHandle h =
          method.isStatic()
              ? lookup.findStatic(owner, method.methodName(), type)
              : lookup.findSpecial(owner, method.methodName(), type, owner);
      this.handle =
          h.asSpreader(Object[].class, type.parameterCount())
              .asType(
                  MethodType.methodType(
                      Object.class,
                      method.isStatic()
                          ? new Class<?>[] {Object[].class}
                          : new Class<?>[] {Object.class, Object[].class}));
      this.isStatic = method.isStatic();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + method + " from the runtime", e);
    }
  }

  /** Runs the body with {@code args}; whatever it throws is rethrown unchanged. */
  public Object invoke(Object self, Object[] args) {
    try {
      return isStatic ? handle.invokeExact(args) : handle.invokeExact(self, args);
    } catch (Throwable t) {
      throw Sneaky.raise(t);
    }
  }
}
