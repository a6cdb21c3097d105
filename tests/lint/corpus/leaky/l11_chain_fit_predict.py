import pandas as pd
import matplotlib.pyplot as plt
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score

ads = pd.read_csv("advertising.csv")
X = ads[["TV", "radio", "newspaper"]]
y = ads["sales"]

fitted = LinearRegression().fit(X, y).predict(X)
print("R^2 =", round(r2_score(y, fitted), 3))  # expect: L1.1
plt.scatter(y, fitted)
plt.xlabel("actual")
plt.ylabel("predicted")
plt.show()
