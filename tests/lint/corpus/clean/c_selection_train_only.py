import pandas as pd
from sklearn.feature_selection import RFE
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.metrics import roc_auc_score

bank = pd.get_dummies(pd.read_csv("bank.csv", sep=";"), drop_first=True)
X, y = bank.drop(columns="y_yes"), bank["y_yes"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=2)

rfe = RFE(LogisticRegression(max_iter=2000), n_features_to_select=15).fit(X_train, y_train)
X_train_sel = rfe.transform(X_train)
X_test_sel = rfe.transform(X_test)
lr = LogisticRegression(max_iter=2000).fit(X_train_sel, y_train)
print("AUC", roc_auc_score(y_test, lr.predict_proba(X_test_sel)[:, 1]))
