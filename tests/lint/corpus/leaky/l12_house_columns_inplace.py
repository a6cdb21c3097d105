import numpy as np
import pandas as pd
import seaborn as sns
from sklearn.preprocessing import MinMaxScaler
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_squared_error

train = pd.read_csv("train.csv")
sns.histplot(train["SalePrice"])

num_cols = train.select_dtypes(include=np.number).columns.drop(["Id", "SalePrice"])
train[num_cols] = train[num_cols].fillna(0)

mms = MinMaxScaler()
train[num_cols] = mms.fit_transform(train[num_cols])  # expect: L1.2

X = train[num_cols]
y = np.log1p(train["SalePrice"])
X_train, X_valid, y_train, y_valid = train_test_split(X, y, test_size=0.2, random_state=0)

rf = RandomForestRegressor(n_estimators=500, n_jobs=-1, random_state=0)
rf.fit(X_train, y_train)
preds = rf.predict(X_valid)
print("RMSE (log):", np.sqrt(mean_squared_error(y_valid, preds)))
