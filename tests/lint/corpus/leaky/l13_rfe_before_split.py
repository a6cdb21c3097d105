import pandas as pd
from sklearn.feature_selection import RFE
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.metrics import roc_auc_score

bank = pd.read_csv("bank-additional-full.csv", sep=";")
bank["y"] = (bank["y"] == "yes").astype(int)
bank = pd.get_dummies(bank, drop_first=True)

X = bank.drop("y", axis=1)
y = bank["y"]

rfe = RFE(estimator=LogisticRegression(max_iter=2000), n_features_to_select=15)
rfe = rfe.fit(X, y)  # expect: L1.3
keep = X.columns[rfe.support_]
print(keep.tolist())
X_small = rfe.transform(X)

X_train, X_test, y_train, y_test = train_test_split(X_small, y, test_size=0.3, random_state=2)
lr = LogisticRegression(max_iter=2000).fit(X_train, y_train)
print("ROC AUC:", roc_auc_score(y_test, lr.predict_proba(X_test)[:, 1]))
