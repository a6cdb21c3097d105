import numpy as np
import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error

df = pd.read_csv("bikes.csv").sort_values("instant")
cut = int(len(df) * 0.8)
train = df.iloc[:cut]
test = df.iloc[cut:]
cols = ["temp", "hum", "windspeed"]

scaler = StandardScaler().fit(train[cols])
model = Ridge().fit(scaler.transform(train[cols]), train["cnt"])
pred = model.predict(scaler.transform(test[cols]))
print("MAE", mean_absolute_error(test["cnt"], pred))
