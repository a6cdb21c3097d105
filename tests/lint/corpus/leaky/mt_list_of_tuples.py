import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline
from sklearn.linear_model import Ridge, Lasso, ElasticNet
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import r2_score

data = pd.read_csv("concrete.csv")
X, y = data.drop(columns="strength"), data["strength"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=9)

candidates = [
    ("ridge", make_pipeline(StandardScaler(), Ridge())),
    ("lasso", make_pipeline(StandardScaler(), Lasso(alpha=0.1))),
    ("enet", make_pipeline(StandardScaler(), ElasticNet(alpha=0.1))),
    ("forest", RandomForestRegressor(n_estimators=300)),
]
rows = []
for label, estimator in candidates:
    estimator.fit(X_train, y_train)
    rows.append({"model": label, "r2": r2_score(y_test, estimator.predict(X_test))})  # expect: multi-test

leaderboard = pd.DataFrame(rows).sort_values("r2", ascending=False)
print(leaderboard.to_string(index=False))
