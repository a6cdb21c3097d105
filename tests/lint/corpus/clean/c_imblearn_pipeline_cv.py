import pandas as pd
from imblearn.pipeline import Pipeline
from imblearn.over_sampling import SMOTE
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_validate

stroke = pd.read_csv("stroke.csv").dropna()
stroke = pd.get_dummies(stroke.drop(columns="id"), drop_first=True)
X, y = stroke.drop(columns="stroke"), stroke["stroke"]

model = Pipeline([
    ("scale", StandardScaler()),
    ("smote", SMOTE(random_state=0)),
    ("lr", LogisticRegression(max_iter=2000)),
])
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
res = cross_validate(model, X, y, cv=cv, scoring=["recall", "precision", "roc_auc"])
for metric in ["recall", "precision", "roc_auc"]:
    print(metric, res[f"test_{metric}"].mean())
