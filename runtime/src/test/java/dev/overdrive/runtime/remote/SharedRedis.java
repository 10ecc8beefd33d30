package dev.overdrive.runtime.remote;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** One redis-server for a test class, and the tiers its tests start (closed after each). */
abstract class SharedRedis {

  static RedisServerProcess redis;
  private final List<RemoteTier> tiers = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws IOException {
    redis = RedisServerProcess.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @AfterEach
  void closeTiers() {
    tiers.forEach(RemoteTier::close);
  }

  RemoteTier started(RemoteConfig config, InvalidationListener listener) {
    RemoteTier t = RemoteTier.start(config, listener);
    tiers.add(t);
    return t;
  }
}
