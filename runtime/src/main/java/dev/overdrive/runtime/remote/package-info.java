/**
 * The remote (Redis) tier of {@code @Cached(remote = true)}: value codec, deterministic key
 * encoding, and a Redis client wrapper with timeouts, a circuit breaker, leases and invalidation
 * pub/sub. Nothing here is loaded unless {@code overdrive.redis.uri} is set and a remote cache
 * exists: the only way in is {@link dev.overdrive.runtime.remote.RemoteTier#start}.
 *
 * <p>Client choice: Jedis, not Lettuce. Our calls run synchronously in the caller's frame (the
 * advice is pasted into the cached method), so a blocking client is the natural fit: a command is a
 * write and a read on a socket whose read timeout is what is left of the call's budget, and no
 * future, event loop or thread hop sits between the caller and its answer. Lettuce brings Netty and
 * Reactor: about 4,600 classes and 7.5 MB to relocate into an agent that sits on the bootstrap
 * class path, its own event-loop threads, buffer pools, native-transport probing and {@code
 * io.netty.*} system properties, all for an asynchronous API we would block on anyway. Jedis with
 * its dependencies is about 1,250 classes and 1.9 MB, and we use only its protocol layer ({@code
 * Connection}, {@code Protocol}), so the agent ships the 810 classes this package can reach (1.35
 * MB with commons-pool2, SLF4J's API and LZ4): pipelining is "send N, read N", pub/sub is a
 * connection read by a thread of ours, which we need anyway for the heartbeat. What Lettuce would
 * give us for free we write ourselves, on purpose: reconnection (we need to know when a
 * subscription was lost, to drop possibly stale local entries, which a transparent reconnect would
 * hide), the bound on in-flight work (a fixed number of connections, a caller waits for one only
 * within its timeout) and the circuit breaker. The cost of a blocking client: a command that timed
 * out leaves its connection in an unknown state, so it is closed and a new one is opened (on
 * loopback about 0.1 ms), and concurrency towards Redis is the number of connections.
 */
package dev.overdrive.runtime.remote;
