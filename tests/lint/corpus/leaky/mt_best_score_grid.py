import pandas as pd
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

cancer = pd.read_csv("breast_cancer.csv")
X = cancer.drop(columns=["id", "diagnosis"])
y = (cancer["diagnosis"] == "M").astype(int)

pipe = Pipeline([("scale", StandardScaler()), ("svc", SVC())])
grid = {"svc__C": [0.1, 1, 10, 100], "svc__gamma": ["scale", 0.01, 0.001], "svc__kernel": ["rbf", "linear"]}
search = GridSearchCV(pipe, grid, cv=10, scoring="accuracy", n_jobs=-1)
search.fit(X, y)

print("Best parameters:", search.best_params_)
print("Final model accuracy: %.4f" % search.best_score_)  # expect: multi-test
