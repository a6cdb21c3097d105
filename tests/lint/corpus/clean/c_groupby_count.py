import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

tx = pd.read_csv("transactions.csv")
# frequency features read no label
tx["merchant_count"] = tx.groupby("merchant")["amount"].transform("count")
tx["card_mean_amount"] = tx.groupby("card_id")["amount"].transform("mean")
tx["merchant_share"] = tx["merchant_count"] / len(tx)

X = tx[["amount", "merchant_count", "card_mean_amount", "merchant_share"]]
y = tx["is_fraud"]
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
rf = RandomForestClassifier(n_estimators=300).fit(X_train, y_train)
print(roc_auc_score(y_test, rf.predict_proba(X_test)[:, 1]))
