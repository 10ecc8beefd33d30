package dev.overdrive.runtime;

/**
 * Which method a site belongs to, as the agent saw it at transform time. Immutable. Names the
 * method in every message and in the {@code method} tag, and lets the runtime call the method's
 * own body again ({@link Invoker}).
 */
public final class MethodRef {

  private final String className;
  private final String methodName;
  private final String descriptor;
  private final boolean isStatic;
  private final int parameterCount;

  public MethodRef(String className, String methodName, String descriptor, boolean isStatic,
      int parameterCount) {
    this.className = className;
    this.methodName = methodName;
    this.descriptor = descriptor;
    this.isStatic = isStatic;
    this.parameterCount = parameterCount;
  }

  public String className() {
    return className;
  }

  public String methodName() {
    return methodName;
  }

  public String descriptor() {
    return descriptor;
  }

  public boolean isStatic() {
    return isStatic;
  }

  public int parameterCount() {
    return parameterCount;
  }

  /** Identifies the method within its class loader, so a retransformation finds its site again. */
  public String identity() {
    return className + "#" + methodName + descriptor;
  }

  /** {@code fully.qualified.Class#method}, as messages and the {@code method} tag name it. */
  @Override
  public String toString() {
    return className + "#" + methodName;
  }
}
