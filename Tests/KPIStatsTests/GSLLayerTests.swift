import Testing

@testable import KPIStats

@Suite("The GSL layer")
struct GSLLayerTests {
  // With GSL's default handler a domain error aborts the process; here it must throw and name
  // the GSL function. Beta(0, 1) is outside the domain of gsl_cdf_beta_P, whose root the
  // quantile is.
  @Test func domainErrorThrowsInsteadOfAborting() {
    let error = #expect(throws: StatsError.self) {
      try GSL.betaLowerQuantile(0.025, 0, 1)
    }
    #expect(error?.function == "gsl_cdf_beta_P")
  }

  @Test func failingStatusThrowsWithGSLReason() {
    // GSL_EDOM is 1; gsl_strerror(1) is "input domain error".
    let error = #expect(throws: StatsError.self) {
      try GSL.call("gsl_test_call") { 1 }
    }
    #expect(error?.code == .numerical(status: 1))
    #expect(error?.message == "input domain error")
  }

  @Test func reportsTheLinkedVersion() {
    #expect(gslVersion.hasPrefix("2."))
  }
}
