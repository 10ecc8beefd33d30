package dev.overdrive.runtime.cache;

import dev.overdrive.runtime.Sneaky;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Calls one specific method implementation (not an override) with given arguments. Built lazily,
 * off the hot path, the first time the runtime must call a method's body itself.
 */
final class Reinvoker {

  private final MethodHandle handle;
  private final boolean isStatic;

  Reinvoker(CacheSpec spec, ClassLoader loader) {
    try {
      Class<?> owner = Class.forName(spec.className, false, loader);
      MethodType type = MethodType.fromMethodDescriptorString(spec.descriptor, loader);
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
      MethodHandle h = spec.isStatic
          ? lookup.findStatic(owner, spec.methodName, type)
          : lookup.findSpecial(owner, spec.methodName, type, owner);
      this.handle = h.asSpreader(Object[].class, type.parameterCount())
          .asType(MethodType.methodType(Object.class, spec.isStatic
              ? new Class<?>[] {Object[].class} : new Class<?>[] {Object.class, Object[].class}));
      this.isStatic = spec.isStatic;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call " + spec.method() + " to refresh it", e);
    }
  }

  Object invoke(Object self, Object[] args) {
    try {
      return isStatic ? handle.invokeExact(args) : handle.invokeExact(self, args);
    } catch (Throwable t) {
      throw Sneaky.raise(t);
    }
  }
}
