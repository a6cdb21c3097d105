import pandas as pd
from sklearn.preprocessing import TargetEncoder
from sklearn.model_selection import cross_val_score, KFold
from sklearn.linear_model import Ridge

df = pd.read_csv("salaries.csv")
X = df[["job_title", "company", "location", "years_experience"]]
y = df["salary"]

te = TargetEncoder(target_type="continuous")
X[["job_title", "company", "location"]] = te.fit_transform(X[["job_title", "company", "location"]], y)  # expect: L2

scores = cross_val_score(Ridge(), X, y, cv=KFold(5, shuffle=True, random_state=0), scoring="r2")
print(scores.mean())
