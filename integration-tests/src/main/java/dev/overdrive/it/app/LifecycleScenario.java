package dev.overdrive.it.app;

import static dev.overdrive.it.app.Checks.check;
import static dev.overdrive.it.app.Checks.equal;
import static dev.overdrive.it.app.Checks.that;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;

/**
 * An annotated class in a child class loader (as an application server deploys a web application,
 * with Micrometer shared by the parent) is used with every annotation, then dropped: its class
 * loader must be collected, its meters removed, and a redeployment must get fresh, working state.
 */
public final class LifecycleScenario {

  private static final String CLASS = "dev.overdrive.it.app.Redeployable";

  private LifecycleScenario() {}

  public static void main(String[] args) throws Exception {
    Metrics.globalRegistry.add(new SimpleMeterRegistry());
    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array
    WeakReference<ClassLoader>[] first = new WeakReference[1];

    check(
        "a deployment works with every annotation",
        () -> {
          first[0] =
              deployAndExercise(
                  "loads=1 bulk=true values=b0b1b2b3b4 async=true" + " parallel=[2, 3, 4, 5]");
          that(meterCount() > 0, "its meters are registered in the shared registry");
        });
    check(
        "the dropped deployment's class loader is garbage-collected",
        () -> {
          long deadline = System.currentTimeMillis() + 20_000;
          while (first[0].get() != null && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(50);
          }
          that(first[0].get() == null, "class loader still reachable after 20s of GC");
        });
    check(
        "its meters are removed from the shared registry",
        () -> {
          long deadline = System.currentTimeMillis() + 10_000;
          while (meterCount() > 0 && System.currentTimeMillis() < deadline) {
            System.gc();
            Thread.sleep(50);
          }
          equal(0L, meterCount(), "meters of the dropped class");
        });
    check(
        "a redeployment gets fresh, working state",
        () -> {
          deployAndExercise("loads=1 bulk=true values=b0b1b2b3b4 async=true parallel=[2, 3, 4, 5]");
        });
    Checks.done();
  }

  /** Deploys a fresh copy of the class, exercises it, and returns a weak handle on its loader. */
  private static WeakReference<ClassLoader> deployAndExercise(String expected) throws Exception {
    ClassLoader deployment = new Deployment(LifecycleScenario.class.getClassLoader());
    Class<?> type = deployment.loadClass(CLASS);
    that(type.getClassLoader() == deployment, "loaded by the deployment");
    equal(expected, type.getMethod("exercise").invoke(null), "observed");
    return new WeakReference<>(deployment);
  }

  private static long meterCount() {
    return Metrics.globalRegistry.getMeters().stream()
        .filter(m -> String.valueOf(m.getId().getTag("method")).startsWith(CLASS + "#"))
        .count();
  }

  /** Child-first for the deployed class only, as a web application's class loader is. */
  private static final class Deployment extends ClassLoader {
    Deployment(ClassLoader parent) {
      super(parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(CLASS)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          try (InputStream in =
              getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            byte[] bytes = in.readAllBytes();
            c = defineClass(name, bytes, 0, bytes.length);
          } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
          }
        }
        return c;
      }
    }
  }
}
