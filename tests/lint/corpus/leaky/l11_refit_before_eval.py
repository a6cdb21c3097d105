import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.svm import SVR
from sklearn.metrics import mean_squared_error

energy = pd.read_csv("energy_efficiency.csv")
X = energy.drop(columns=["heating_load", "cooling_load"]).values
y = energy["heating_load"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=8)

svr = SVR(C=50, epsilon=0.2)
svr.fit(X_train, y_train)
print("train RMSE", np.sqrt(mean_squared_error(y_train, svr.predict(X_train))))

# final model on everything before we report
svr.fit(X, y)  # expect: L1.1
rmse = np.sqrt(mean_squared_error(y_test, svr.predict(X_test)))
print(f"Test RMSE: {rmse:.3f}")
