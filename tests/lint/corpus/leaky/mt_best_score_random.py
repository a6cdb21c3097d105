import pandas as pd
from scipy.stats import randint, uniform
from sklearn.model_selection import RandomizedSearchCV, train_test_split
from sklearn.ensemble import RandomForestClassifier

adult = pd.read_csv("adult.csv")
adult = pd.get_dummies(adult, drop_first=True)
X = adult.drop(columns="income_>50K")
y = adult["income_>50K"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

dist = {"n_estimators": randint(100, 600), "max_depth": randint(3, 30), "max_features": uniform(0.1, 0.8)}
rs = RandomizedSearchCV(RandomForestClassifier(random_state=0), dist, n_iter=40, cv=3, scoring="roc_auc", random_state=0)
rs.fit(X_train, y_train)
best_auc = rs.best_score_  # expect: multi-test
print(f"Our model reaches ROC AUC {best_auc:.3f}")
