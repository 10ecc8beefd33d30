package dev.overdrive.runtime;

/**
 * The part of a site that is done once, on its first call, and is the same for every kind of site:
 * tie the site to its class ({@link Lifecycle}), then resolve what calls need (executor, a way to
 * run the body, meters), published once through a volatile field. Until then a site holds nothing
 * of the application's, so a class that never runs its method costs nothing.
 *
 * @param <W> what the site's calls need, immutable
 */
public abstract class FirstCall<W> {

  private volatile W wiring;

  /** What calls need, resolved on the first; {@code type} is the method's class. */
  protected final W wiring(Class<?> type) {
    W w = wiring;
    return w != null ? w : wireOnce(type);
  }

  /** Already resolved, or {@code null}: for paths that must not wire (a flush at shutdown). */
  protected final W wiredOrNull() {
    return wiring;
  }

  private synchronized W wireOnce(Class<?> type) {
    W w = wiring;
    if (w == null) {
      anchor(type);
      w = wire();
      wiring = w;
    }
    return w;
  }

  /** Ties this site to {@code type}: its site table's {@code anchor(type, this)}. */
  protected abstract void anchor(Class<?> type);

  /** Resolves what calls need; runs once, under this site's lock. */
  protected abstract W wire();
}
