import numpy as np
import pandas as pd
from sklearn.model_selection import ShuffleSplit
from sklearn.linear_model import Lasso
from sklearn.metrics import mean_squared_error

prices = pd.read_csv("electricity_prices.csv")
prices["ts"] = pd.to_datetime(prices["ts"])
prices = prices.set_index("ts").sort_index()
prices["prev_hour"] = prices["price"].shift(1)
prices["prev_day"] = prices["price"].shift(24)
prices = prices.dropna()
X = prices[["prev_hour", "prev_day", "demand_forecast"]].values
y = prices["price"].values

splitter = ShuffleSplit(n_splits=10, test_size=0.2, random_state=0)  # expect: L3.1
errors = []
for train_index, test_index in splitter.split(X):
    lasso = Lasso(alpha=0.01).fit(X[train_index], y[train_index])
    errors.append(mean_squared_error(y[test_index], lasso.predict(X[test_index])))
print("RMSE", np.sqrt(np.mean(errors)))
