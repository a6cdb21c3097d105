# Gene expression: pick the 50 most informative genes, then cross-validate.
import numpy as np
import pandas as pd
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.model_selection import cross_val_score, StratifiedKFold
from sklearn.linear_model import LogisticRegression

expr = pd.read_csv("expression_matrix.csv", index_col=0)
labels = pd.read_csv("labels.csv", index_col=0)["tumor"]
print(expr.shape, labels.value_counts())

selector = SelectKBest(score_func=f_classif, k=50)
X_sel = selector.fit_transform(expr, labels)  # expect: L1.3
genes = expr.columns[selector.get_support()]
print("selected:", list(genes[:10]))

clf = LogisticRegression(C=0.1, max_iter=5000)
cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
acc = cross_val_score(clf, X_sel, labels, cv=cv)
print("accuracy %.3f" % acc.mean())
