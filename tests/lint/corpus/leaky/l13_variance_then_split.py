import pandas as pd
from sklearn.feature_selection import VarianceThreshold
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

X = pd.read_csv("features.csv")
y = pd.read_csv("target.csv")["label"]

vt = VarianceThreshold(threshold=0.01)
X_reduced = vt.fit_transform(X)  # expect: L1.3
print(X.shape, "->", X_reduced.shape)

Xtr, Xte, ytr, yte = train_test_split(X_reduced, y, test_size=0.2, random_state=11)
model = LogisticRegression(max_iter=1000).fit(Xtr, ytr)
print("test accuracy", model.score(Xte, yte))
