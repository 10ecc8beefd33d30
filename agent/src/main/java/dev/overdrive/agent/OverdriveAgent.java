package dev.overdrive.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's entry point ({@code Premain-Class} and {@code Agent-Class}).
 *
 * <p>Start-up does almost nothing: it registers {@link PrefilterTransformer}, which looks at each
 * class's constant pool and wakes the real agent (ByteBuddy, the runtime, this jar on the bootstrap
 * class path) only when a class mentions our annotations. A JVM without annotated classes never
 * loads any of that, and keeps its class-data sharing intact (appending to the bootstrap class path
 * disables it for application classes). This class, the prefilter and {@link ConstantPool} are
 * loaded by the system class loader and must not name any other class of the agent.
 */
public final class OverdriveAgent {

  private static boolean started;
  private static volatile boolean active;

  private OverdriveAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(inst, false);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(inst, true);
  }

  private static synchronized void start(Instrumentation inst, boolean attached) {
    if (started || "false".equalsIgnoreCase(System.getProperty("overdrive.enabled", "").trim())) {
      return;
    }
    started = true;
    try {
      File jar =
          new File(
              OverdriveAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      PrefilterTransformer prefilter = new PrefilterTransformer(inst, jar);
      inst.addTransformer(prefilter, true);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(prefilter::printSummary, "overdrive-summary"));
      if ("true".equalsIgnoreCase(System.getProperty("overdrive.report", "").trim())) {
        System.err.println("[overdrive] agent active (" + jar + ")");
      }
      if (attached) {
        retransformLoaded(inst);
      }
      active = true;
    } catch (Throwable t) {
      System.err.println(
          "[overdrive] ERROR agent: cannot start, the application runs without Overdrive: " + t);
    }
  }

  /** Whether the agent started and is enabled: {@code dev.overdrive.Overdrive.isActive()}. */
  public static boolean isActive() {
    return active;
  }

  /** Classes loaded before we attached that carry our annotations are transformed now. */
  private static void retransformLoaded(Instrumentation inst) {
    List<Class<?>> annotated = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getClassLoader() != null && inst.isModifiableClass(c) && hasOurAnnotation(c)) {
        annotated.add(c);
      }
    }
    if (!annotated.isEmpty()) {
      try {
        inst.retransformClasses(annotated.toArray(new Class<?>[0]));
      } catch (Throwable t) {
        System.err.println(
            "[overdrive] ERROR agent: cannot transform the classes loaded"
                + " before it attached, they run as plain code: "
                + t);
      }
    }
  }

  private static boolean hasOurAnnotation(Class<?> c) {
    try {
      for (Method m : c.getDeclaredMethods()) {
        for (java.lang.annotation.Annotation a : m.getDeclaredAnnotations()) {
          if (a.annotationType().getName().startsWith("dev.overdrive.annotations.")) {
            return true;
          }
        }
      }
    } catch (Throwable unreadable) {
      // a class whose methods cannot be resolved cannot be instrumented either
    }
    return false;
  }
}
