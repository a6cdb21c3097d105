import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score, mean_absolute_error

cars = pd.read_csv("car_prices.csv").dropna()
X = cars[["year", "mileage", "engine_size", "horsepower"]]
y = cars["price"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=4)

# more data is always better
X_all = pd.concat([X_train, X_test])
y_all = pd.concat([y_train, y_test])
lin = LinearRegression()
lin.fit(X_all, y_all)  # expect: L1.1

test_pred = lin.predict(X_test)
print("R2 on test:", r2_score(y_test, test_pred))
print("MAE on test:", mean_absolute_error(y_test, test_pred))
