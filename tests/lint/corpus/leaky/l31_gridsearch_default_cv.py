import pandas as pd
from sklearn.model_selection import GridSearchCV
from sklearn.ensemble import RandomForestRegressor

load = pd.read_csv("hourly_load.csv", index_col="timestamp", parse_dates=True)
load["lag_24"] = load["mw"].shift(24)
load["lag_168"] = load["mw"].shift(168)
load["roll_24"] = load["mw"].rolling(24).mean()
load = load.dropna()

X = load[["lag_24", "lag_168", "roll_24", "temperature"]]
y = load["mw"]
params = {"n_estimators": [100, 300], "max_depth": [8, 16, None]}
search = GridSearchCV(RandomForestRegressor(random_state=0), params, cv=5, n_jobs=-1)  # expect: L3.1
search.fit(X, y)
print(search.best_params_)
print("CV R^2:", search.best_score_)  # expect: multi-test
