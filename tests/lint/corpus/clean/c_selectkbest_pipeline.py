import pandas as pd
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.pipeline import Pipeline
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score, StratifiedKFold

expr = pd.read_csv("expression_matrix.csv", index_col=0)
labels = pd.read_csv("labels.csv", index_col=0)["tumor"]
pipe = Pipeline([("select", SelectKBest(f_classif, k=50)), ("clf", LogisticRegression(C=0.1, max_iter=5000))])
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
print("accuracy", cross_val_score(pipe, expr, labels, cv=cv).mean())
