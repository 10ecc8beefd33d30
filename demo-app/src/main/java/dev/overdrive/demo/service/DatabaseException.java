package dev.overdrive.demo.service;

/** A database call failed or timed out: HTTP 503. */
public final class DatabaseException extends ApiException {

  private static final long serialVersionUID = 1L;

  public DatabaseException(String message, Throwable cause) {
    super(503, "database_unavailable", message, cause);
  }
}
