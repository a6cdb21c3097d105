import numpy as np
import pandas as pd
from sklearn.impute import KNNImputer
from sklearn.model_selection import StratifiedKFold
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score

data = pd.read_csv("diabetes.csv")
cols = ["Glucose", "BloodPressure", "SkinThickness", "Insulin", "BMI"]
data[cols] = data[cols].replace(0, np.nan)

X = data.drop(columns="Outcome").values
y = data["Outcome"].values
X = KNNImputer(n_neighbors=5).fit_transform(X)  # expect: L1.2

skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
fold_scores = []
for fold, (train_idx, val_idx) in enumerate(skf.split(X, y)):
    model = RandomForestClassifier(n_estimators=200, random_state=fold)
    model.fit(X[train_idx], y[train_idx])
    fold_scores.append(f1_score(y[val_idx], model.predict(X[val_idx])))
    print(f"fold {fold}: {fold_scores[-1]:.3f}")
print("mean F1", np.mean(fold_scores))
