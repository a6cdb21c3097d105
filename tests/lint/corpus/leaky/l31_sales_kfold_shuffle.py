import pandas as pd
from sklearn.model_selection import KFold, cross_val_score
from sklearn.ensemble import GradientBoostingRegressor

sales = pd.read_csv("store_sales.csv", parse_dates=["date"])
sales = sales.sort_values("date").reset_index(drop=True)
sales["dow"] = sales["date"].dt.dayofweek
sales["month"] = sales["date"].dt.month
sales["promo_next_week"] = sales["promo"].shift(-7).fillna(0)

X = sales[["dow", "month", "promo", "promo_next_week", "store_id"]]
y = sales["units"]

kf = KFold(n_splits=5, shuffle=True, random_state=42)  # expect: L3.1
gbr = GradientBoostingRegressor()
scores = cross_val_score(gbr, X, y, cv=kf, scoring="neg_mean_absolute_error")
print("MAE:", -scores.mean())
