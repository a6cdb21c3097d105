import pandas as pd
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC
from sklearn.ensemble import RandomForestClassifier

df = pd.read_csv("heart.csv")
X, y = df.drop(columns="target"), df["target"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=1)

candidates = {
    "logreg": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "svc": make_pipeline(StandardScaler(), SVC()),
    "forest": RandomForestClassifier(n_estimators=300),
}
cv_means = {name: cross_val_score(m, X_train, y_train, cv=5).mean() for name, m in candidates.items()}
best = max(cv_means, key=cv_means.get)
print("CV scores", cv_means, "-> chosen", best)
chosen = candidates[best].fit(X_train, y_train)
print("test accuracy:", chosen.score(X_test, y_test))
