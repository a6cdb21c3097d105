import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import RandomForestClassifier, GradientBoostingClassifier
from sklearn.metrics import roc_auc_score

df = pd.read_csv("loans.csv")
X, y = df.drop(columns="default"), df["default"]
X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=0.25, stratify=y_rest, random_state=0)

models = {"lr": LogisticRegression(max_iter=2000), "rf": RandomForestClassifier(), "gb": GradientBoostingClassifier()}
val_auc = {}
for name, model in models.items():
    model.fit(X_train, y_train)
    val_auc[name] = roc_auc_score(y_val, model.predict_proba(X_val)[:, 1])
best = max(val_auc, key=val_auc.get)
print("chosen on validation:", best, val_auc[best])

final = models[best].fit(X_rest, y_rest)
print("test AUC of the chosen model:", roc_auc_score(y_test, final.predict_proba(X_test)[:, 1]))
