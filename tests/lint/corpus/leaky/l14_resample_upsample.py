import pandas as pd
from sklearn.utils import resample
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

churn = pd.read_csv("telco_churn.csv")
churn["Churn"] = churn["Churn"].map({"Yes": 1, "No": 0})

majority = churn[churn.Churn == 0]
minority = churn[churn.Churn == 1]
minority_up = resample(minority, replace=True, n_samples=len(majority), random_state=123)  # expect: L1.4
balanced = pd.concat([majority, minority_up])
print(balanced.Churn.value_counts())

X = pd.get_dummies(balanced.drop(columns=["customerID", "Churn"]), drop_first=True)
y = balanced["Churn"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
clf = LogisticRegression(max_iter=3000).fit(X_train, y_train)
print("F1:", f1_score(y_test, clf.predict(X_test)))
