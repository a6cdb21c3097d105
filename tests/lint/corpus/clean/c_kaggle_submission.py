import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.ensemble import RandomForestRegressor

train = pd.read_csv("../input/house-prices/train.csv")
test = pd.read_csv("../input/house-prices/test.csv")
features = ["OverallQual", "GrLivArea", "GarageCars", "TotalBsmtSF", "FullBath", "YearBuilt"]
train[features] = train[features].fillna(0)
test[features] = test[features].fillna(0)

scaler = StandardScaler()
X = scaler.fit_transform(train[features])
X_test = scaler.transform(test[features])
model = RandomForestRegressor(n_estimators=500, random_state=0)
model.fit(X, train["SalePrice"])
submission = pd.DataFrame({"Id": test["Id"], "SalePrice": model.predict(X_test)})
submission.to_csv("submission.csv", index=False)
