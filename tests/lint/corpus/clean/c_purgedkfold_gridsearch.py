import pandas as pd
from sklearn.model_selection import GridSearchCV
from sklearn.ensemble import RandomForestRegressor
from safesplit import PurgedKFold

demand = pd.read_csv("demand.csv", index_col="date", parse_dates=True).sort_index()
demand["lag_7"] = demand["units"].shift(7)
demand["roll_28"] = demand["units"].shift(1).rolling(28).mean()
demand = demand.dropna()
X = demand[["lag_7", "roll_28", "price", "promo"]]
y = demand["units"]

cv = PurgedKFold(n_splits=5, horizon="7D", embargo="7D")
search = GridSearchCV(RandomForestRegressor(random_state=0), {"max_depth": [6, 12, None]}, cv=cv)
search.fit(X, y)
print(search.best_params_)
