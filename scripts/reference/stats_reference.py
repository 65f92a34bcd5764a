"""Reference values for Tests/KPIStatsTests, computed once with statsmodels and SciPy.

Run: python3 scripts/reference/stats_reference.py
(pip install statsmodels scipy; seen with statsmodels 0.14.x, SciPy 1.x)

Each printed line is pasted into the tests with the call that produced it; the tests then
check the Swift engine against these independent numbers.
"""
import numpy as np
import scipy
import statsmodels
import statsmodels.api as sm
from scipy import stats
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
)

print(f"# statsmodels {statsmodels.__version__}, SciPy {scipy.__version__}")

cases = [(134, 143), (0, 10), (10, 10), (1, 1), (0, 1), (3, 5), (45, 223)]
methods = {"wilson": "wilson", "beta": "clopperPearson", "jeffreys": "jeffreys",
           "agresti_coull": "agrestiCoull"}
for sm_method, swift in methods.items():
    for k, n in cases:
        lo, hi = proportion_confint(k, n, alpha=0.05, method=sm_method)
        print(f'({k}, {n}, .{swift}, 0.95, {lo!r}, {hi!r}),'
              f'  // proportion_confint({k}, {n}, method="{sm_method}")')
for sm_method, swift in methods.items():
    lo, hi = proportion_confint(134, 143, alpha=0.10, method=sm_method)
    print(f'(134, 143, .{swift}, 0.90, {lo!r}, {hi!r}),'
          f'  // proportion_confint(134, 143, alpha=0.10, method="{sm_method}")')

print("# binomtest greater")
for k, n, p in [(134, 143, 0.85), (0, 10, 0.5), (10, 10, 0.5), (1, 1, 0.95), (3, 5, 0.95),
                (130, 143, 0.95), (1, 40, 0.01)]:
    pv = stats.binomtest(k, n, p, alternative="greater").pvalue
    print(f'({k}, {n}, {p}, {float(pv)!r}),  // binomtest({k}, {n}, {p}, alternative="greater")')

print("# newcombe")
for k1, n1, k2, n2 in [(134, 143, 141, 148), (0, 10, 10, 10), (5, 20, 5, 20), (1, 1, 0, 3)]:
    lo, hi = map(float, confint_proportions_2indep(k1, n1, k2, n2, method="newcomb", compare="diff"))
    print(f'({k1}, {n1}, {k2}, {n2}, {lo!r}, {hi!r}),'
          f'  // confint_proportions_2indep({k1}, {n1}, {k2}, {n2}, method="newcomb", compare="diff")')

print("# linregress")
x = np.array([2019, 2022, 2023, 2024, 2025], float)
y = np.array([41000, 44000, 61000, 66800, 73416], float)
r = stats.linregress(x, y)
print("linregress", *[float(v) for v in (r.slope, r.intercept, r.rvalue ** 2, r.pvalue, r.stderr, r.intercept_stderr)])
t = stats.t.ppf(0.975, len(x) - 2)
print("slope ci", float(r.slope - t * r.stderr), float(r.slope + t * r.stderr))
ols = sm.OLS(y, sm.add_constant(x)).fit()
pred = ols.get_prediction(np.array([[1.0, 2026.0]])).summary_frame(alpha=0.05)
print("ols predict 2026", pred.to_dict("records"))

x3 = np.array([1.0, 2.0, 3.0]); y3 = np.array([2.0, 4.5, 5.0])
r3 = stats.linregress(x3, y3)
print("linregress3", *[float(v) for v in (r3.slope, r3.intercept, r3.rvalue ** 2, r3.pvalue)])

w = np.array([1.0, 2.0, 1.0, 3.0, 2.0])
wls = sm.WLS(y, sm.add_constant(x), weights=w).fit()
ci = wls.conf_int(alpha=0.05)
print("wls", *[float(v) for v in (wls.params[1], wls.params[0], wls.bse[1], ci[1][0], ci[1][1],
                                  wls.rsquared, wls.pvalues[1])])

print("# descriptive")
v = np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0])
print("mean", float(v.mean()), "sd", float(v.std(ddof=1)), "median", float(np.median(v)))
for q in [0.0, 0.1, 0.25, 0.9, 1.0]:
    print("quantile", q, float(np.quantile(v, q, method="linear")))

print("# finite population correction: Wilson at n_eff = n(N-1)/(N-n), written out")
for k, n, N in [(134, 143, 223), (3, 5, 12)]:
    n_eff = n * (N - 1) / (N - n)
    p = k / n
    z = stats.norm.isf(0.025)
    denom = 1 + z * z / n_eff
    centre = (p + z * z / (2 * n_eff)) / denom
    half = z * np.sqrt(p * (1 - p) / n_eff + z * z / (4 * n_eff * n_eff)) / denom
    print(f"({k}, {n}, {N}, {n_eff!r}, {float(centre - half)!r}, {float(centre + half)!r}),")
