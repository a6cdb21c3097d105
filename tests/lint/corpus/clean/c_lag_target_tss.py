import pandas as pd
from sklearn.model_selection import TimeSeriesSplit, cross_val_score
from lightgbm import LGBMRegressor

sales = pd.read_csv("sales.csv", parse_dates=["date"]).sort_values(["store", "date"])
grouped = sales.groupby("store")["sales"]
sales["lag_1"] = grouped.shift(1)
sales["lag_7"] = grouped.shift(7)
sales["mean_7"] = grouped.transform(lambda s: s.shift(1).rolling(7).mean())
sales = sales.dropna().sort_values("date")

X = sales[["lag_1", "lag_7", "mean_7", "store"]]
y = sales["sales"]
print(cross_val_score(LGBMRegressor(), X, y, cv=TimeSeriesSplit(5), scoring="neg_mean_absolute_error"))
