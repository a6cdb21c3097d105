import pandas as pd
import xgboost as xgb
from sklearn.model_selection import train_test_split
from sklearn.metrics import roc_auc_score

credit = pd.read_csv("credit_default.csv")
X = credit.drop(columns=["ID", "default"])
y = credit["default"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=21)
X_fit, X_stop, y_fit, y_stop = train_test_split(X_train, y_train, test_size=0.15, random_state=21)

booster = xgb.XGBClassifier(n_estimators=5000, learning_rate=0.02, early_stopping_rounds=100)
booster.fit(X_fit, y_fit, eval_set=[(X_stop, y_stop)], verbose=False)
print("test AUC", roc_auc_score(y_test, booster.predict_proba(X_test)[:, 1]))
