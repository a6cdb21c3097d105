import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.metrics import mean_absolute_error

listings = pd.read_csv("airbnb_listings.csv")
train, test = train_test_split(listings, test_size=0.2, random_state=1)
train = train.copy()
test = test.copy()

hood_mean = train.groupby("neighbourhood")["price"].mean()
train["hood_price"] = train["neighbourhood"].map(hood_mean)
test["hood_price"] = test["neighbourhood"].map(hood_mean).fillna(train["price"].mean())

features = ["hood_price", "accommodates", "bedrooms"]
model = GradientBoostingRegressor().fit(train[features], train["price"])
print("MAE", mean_absolute_error(test["price"], model.predict(test[features])))
