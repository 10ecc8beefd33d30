package dev.overdrive.demo.service;

/** The pricing service could not be reached in time, or answered with an error: HTTP 503. */
public final class PricingUnavailableException extends ApiException {

  private static final long serialVersionUID = 1L;

  public PricingUnavailableException(String message, Throwable cause) {
    super(503, "pricing_unavailable", message, cause);
  }
}
