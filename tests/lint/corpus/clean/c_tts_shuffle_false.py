import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_squared_error

load = pd.read_csv("hourly_load.csv", index_col="timestamp", parse_dates=True)
load["lag_24"] = load["mw"].shift(24)
load = load.dropna()
X, y = load[["lag_24", "temperature"]], load["mw"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, shuffle=False)
rf = RandomForestRegressor(n_estimators=300, random_state=0).fit(X_train, y_train)
print("RMSE on the last 20%:", mean_squared_error(y_test, rf.predict(X_test)) ** 0.5)
