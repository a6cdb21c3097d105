import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

tx = pd.read_csv("transactions.csv")
tx["created_at"] = pd.to_datetime(tx["created_at"])
tx = tx.sort_values("created_at")
tx["amount_vs_prev"] = tx.groupby("card_id")["amount"].diff().fillna(0)
tx["txn_last_hour"] = tx.groupby("card_id")["amount"].transform(lambda s: s.rolling(3, min_periods=1).count())

X = tx[["amount", "amount_vs_prev", "txn_last_hour"]]
y = tx["is_fraud"]
X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)  # expect: L3.1
model = LogisticRegression(max_iter=500).fit(X_tr, y_tr)
print(roc_auc_score(y_te, model.predict_proba(X_te)[:, 1]))
