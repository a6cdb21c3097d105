import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler
from sklearn.impute import SimpleImputer
from sklearn.svm import SVC
from sklearn.metrics import accuracy_score

data = pd.read_csv("diabetes.csv")
X = data.drop(columns="Outcome").values
y = data["Outcome"].values

scores = []
for train_idx, val_idx in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
    imputer = SimpleImputer(strategy="median").fit(X[train_idx])
    scaler = StandardScaler().fit(imputer.transform(X[train_idx]))
    X_tr = scaler.transform(imputer.transform(X[train_idx]))
    X_va = scaler.transform(imputer.transform(X[val_idx]))
    svc = SVC().fit(X_tr, y[train_idx])
    scores.append(accuracy_score(y[val_idx], svc.predict(X_va)))
print(np.mean(scores))
