import pandas as pd
from sklearn.utils import resample
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

churn = pd.read_csv("telco_churn.csv")
churn["Churn"] = churn["Churn"].map({"Yes": 1, "No": 0})
X = pd.get_dummies(churn.drop(columns=["customerID", "Churn"]), drop_first=True)
y = churn["Churn"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=42)

train = pd.concat([X_train, y_train], axis=1)
majority = train[train.Churn == 0]
minority = train[train.Churn == 1]
minority_up = resample(minority, replace=True, n_samples=len(majority), random_state=123)
balanced = pd.concat([majority, minority_up])

clf = LogisticRegression(max_iter=3000).fit(balanced.drop(columns="Churn"), balanced["Churn"])
print("F1 on untouched test rows:", f1_score(y_test, clf.predict(X_test)))
