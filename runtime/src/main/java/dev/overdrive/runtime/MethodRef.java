package dev.overdrive.runtime;

/**
 * Which method a site belongs to, as the agent saw it at transform time. Names the method in every
 * message and in the {@code method} tag, and lets the runtime call the method's own body again
 * ({@link Invoker}).
 *
 * @param className the declaring class's binary name
 * @param methodName the method's name
 * @param descriptor the method's JVM descriptor
 * @param isStatic whether it is static
 * @param parameterCount how many parameters it takes
 */
public record MethodRef(
    String className, String methodName, String descriptor, boolean isStatic, int parameterCount) {

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
