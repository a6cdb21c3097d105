import numpy as np
import pandas as pd
from sklearn.preprocessing import PolynomialFeatures, FunctionTransformer
from sklearn.model_selection import train_test_split
from sklearn.linear_model import RidgeCV
from sklearn.metrics import r2_score

ads = pd.read_csv("advertising.csv")
X = ads[["TV", "radio", "newspaper"]]
y = ads["sales"]

X_log = FunctionTransformer(np.log1p).fit_transform(X)
X_poly = PolynomialFeatures(degree=2, include_bias=False).fit_transform(X_log)
X_train, X_test, y_train, y_test = train_test_split(X_poly, y, test_size=0.25, random_state=0)
model = RidgeCV(alphas=np.logspace(-3, 3, 13)).fit(X_train, y_train)
print("test R2", r2_score(y_test, model.predict(X_test)))
