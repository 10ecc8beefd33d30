package dev.overdrive.it.app;

import dev.overdrive.AsyncFailureHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Registered through ServiceLoader: records the failures of {@code @Async void} methods. */
public final class RecordingFailureHandler implements AsyncFailureHandler {

  public static final List<Object[]> SEEN = new CopyOnWriteArrayList<>();

  @Override
  public void onFailure(String method, Throwable failure) {
    SEEN.add(new Object[] {method, failure});
  }
}
