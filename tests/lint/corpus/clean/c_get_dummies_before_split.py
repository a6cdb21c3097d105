import pandas as pd
import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error

ins = pd.read_csv("insurance.csv")
ins = pd.get_dummies(ins, columns=["sex", "smoker", "region"], drop_first=True)
ins["log_charges"] = np.log(ins["charges"])
ins["bmi_over_30"] = (ins["bmi"] > 30).astype(int)

X = ins.drop(columns=["charges", "log_charges"])
y = ins["log_charges"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=10)
lr = LinearRegression().fit(X_train, y_train)
print("RMSE (log)", mean_squared_error(y_test, lr.predict(X_test)) ** 0.5)
