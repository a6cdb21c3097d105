import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeRegressor
from sklearn.metrics import mean_absolute_error

houses = pd.read_csv("melb_data.csv").dropna(subset=["Price"])
X = houses[["Rooms", "Bathroom", "Landsize", "Lattitude", "Longtitude"]].fillna(0)
y = houses["Price"]
train_X, val_X, train_y, val_y = train_test_split(X, y, random_state=0)

best_mae, best_leaves = float("inf"), None
for max_leaf_nodes in [5, 25, 50, 100, 250, 500, 1000]:
    model = DecisionTreeRegressor(max_leaf_nodes=max_leaf_nodes, random_state=0)
    model.fit(train_X, train_y)
    mae = mean_absolute_error(val_y, model.predict(val_X))  # expect: multi-test
    if mae < best_mae:
        best_mae, best_leaves = mae, max_leaf_nodes

print(f"Best max_leaf_nodes={best_leaves}, validation MAE={best_mae:,.0f}")
