import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler
from sklearn.ensemble import RandomForestClassifier

churn = pd.read_csv("churn.csv")
X = churn.drop(columns=["customer_id", "churned"])
y = churn["churned"]
numeric = ["tenure", "monthly_charges", "total_charges"]
categorical = ["contract", "payment_method", "internet_service"]

pre = ColumnTransformer([
    ("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), numeric),
    ("cat", OneHotEncoder(handle_unknown="ignore"), categorical),
])
pipe = Pipeline([("pre", pre), ("rf", RandomForestClassifier(random_state=0))])
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)

search = GridSearchCV(pipe, {"rf__max_depth": [5, 10, None], "rf__n_estimators": [200, 500]}, cv=5, scoring="roc_auc")
search.fit(X_train, y_train)
print("CV ROC AUC of the best settings:", search.best_score_)
print("Held-out ROC AUC:", search.score(X_test, y_test))
