package dev.overdrive;

/**
 * Receives the failure of an {@code @Async void} method, which has no caller to throw to.
 * Implementations are found with {@link java.util.ServiceLoader} in the application's class loader
 * (list them in {@code META-INF/services/dev.overdrive.AsyncFailureHandler}); every one found is
 * called, after Overdrive has logged and counted the failure.
 */
public interface AsyncFailureHandler {

  /**
   * Called on the executor thread that ran the method.
   *
   * @param method the failed method as {@code fully.qualified.Class#method}
   * @param failure what the method threw
   */
  void onFailure(String method, Throwable failure);
}
