import numpy as np
import pandas as pd
from sklearn.model_selection import TimeSeriesSplit
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error

air = pd.read_csv("air_quality.csv")
air["datetime"] = pd.to_datetime(air["datetime"])
air = air.sort_values("datetime")
air["pm25_lag1"] = air["pm25"].shift(1)
air["pm25_lag24"] = air["pm25"].shift(24)
air = air.dropna()
X = air[["pm25_lag1", "pm25_lag24", "temp", "wind"]].to_numpy()
y = air["pm25"].to_numpy()

tscv = TimeSeriesSplit(n_splits=6, gap=24)
maes = []
for train_idx, test_idx in tscv.split(X):
    model = Ridge(alpha=1.0).fit(X[train_idx], y[train_idx])
    maes.append(mean_absolute_error(y[test_idx], model.predict(X[test_idx])))
print("MAE per fold", np.round(maes, 2))
