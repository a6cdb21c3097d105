import pandas as pd
import lightgbm as lgb
from sklearn.model_selection import train_test_split
from sklearn.metrics import mean_absolute_error

listings = pd.read_csv("airbnb_listings.csv")
listings = listings[listings["price"] < 1000]

# neighbourhood price level is a strong signal
listings["hood_price"] = listings.groupby("neighbourhood")["price"].transform("mean")  # expect: L2
listings["hood_room_price"] = listings.groupby(["neighbourhood", "room_type"])["price"].transform("median")  # expect: L2
listings["n_in_hood"] = listings.groupby("neighbourhood")["id"].transform("count")

X = listings[["hood_price", "hood_room_price", "n_in_hood", "accommodates", "bedrooms"]]
y = listings["price"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1)

model = lgb.LGBMRegressor(n_estimators=600, learning_rate=0.03)
model.fit(X_train, y_train)
print("MAE:", mean_absolute_error(y_test, model.predict(X_test)))
