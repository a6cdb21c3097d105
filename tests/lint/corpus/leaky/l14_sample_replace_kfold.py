import numpy as np
import pandas as pd
from sklearn.model_selection import KFold
from sklearn.tree import DecisionTreeRegressor
from sklearn.metrics import mean_absolute_error

trips = pd.read_csv("taxi_trips_small.csv")
# bootstrap the small data set up to 5x its size
boot = trips.sample(n=5 * len(trips), replace=True, random_state=1)  # expect: L1.4
X = boot[["distance", "passengers", "hour"]].to_numpy()
y = boot["fare"].to_numpy()

maes = []
for tr, te in KFold(n_splits=4, shuffle=True, random_state=2).split(X):
    tree = DecisionTreeRegressor(max_depth=8).fit(X[tr], y[tr])
    maes.append(mean_absolute_error(y[te], tree.predict(X[te])))
print("MAE", np.mean(maes))
