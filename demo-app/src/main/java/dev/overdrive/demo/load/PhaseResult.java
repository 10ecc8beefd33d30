package dev.overdrive.demo.load;

/** One endpoint's figures in one run. */
public record PhaseResult(
    Workload.Endpoint endpoint,
    long requests,
    long errors,
    double seconds,
    double throughput,
    double p50Ms,
    double p99Ms,
    double dbQueriesPerRequest,
    double pricingCallsPerRequest,
    String firstError) {

  public static PhaseResult of(
      Workload.Endpoint endpoint, LoadGenerator.Sample s, Stats before, Stats after) {
    double n = Math.max(1, s.requests());
    return new PhaseResult(
        endpoint,
        s.requests(),
        s.errors(),
        s.seconds(),
        s.throughput(),
        s.percentileMs(0.50),
        s.percentileMs(0.99),
        (after.dbQueries() - before.dbQueries()) / n,
        (after.pricingCalls() - before.pricingCalls()) / n,
        s.firstError());
  }
}
