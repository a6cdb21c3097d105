import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score, train_test_split
from sklearn.preprocessing import StandardScaler
from safesplit import GuardedPipeline, PurgedKFold

leads = pd.read_csv("leads.csv", parse_dates=["created"], index_col="created").sort_index()
X = leads.drop(columns="converted")
y = leads["converted"]

guarded = GuardedPipeline([("scale", StandardScaler()), ("lr", LogisticRegression(max_iter=1000))])
cv = PurgedKFold(n_splits=5, embargo="7D")
print("purged CV AUC:", cross_val_score(guarded, X, y, cv=cv, scoring="roc_auc").mean())

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, shuffle=False)
guarded.fit(X_train, y_train)
print("later leads:", guarded.score(X_test, y_test))
