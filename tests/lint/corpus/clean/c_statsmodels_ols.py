import pandas as pd
import statsmodels.api as sm

wages = pd.read_csv("wages.csv")
X = sm.add_constant(wages[["education", "experience", "female"]])
y = wages["log_wage"]
ols = sm.OLS(y, X).fit(cov_type="HC3")
print(ols.summary())
print("R^2 (in-sample fit, not a prediction score):", ols.rsquared)
