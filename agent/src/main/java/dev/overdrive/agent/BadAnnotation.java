package dev.overdrive.agent;

/** A misused annotation; its message says what is wrong, for one line naming the method. */
final class BadAnnotation extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BadAnnotation(String message) {
    super(message, null, false, false);
  }
}
