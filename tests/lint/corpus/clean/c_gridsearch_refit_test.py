import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import classification_report

wine = pd.read_csv("winequality.csv")
X = wine.drop(columns="quality")
y = (wine["quality"] >= 7).astype(int)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, stratify=y, random_state=5)

grid = GridSearchCV(GradientBoostingClassifier(), {"max_depth": [2, 3, 4], "learning_rate": [0.05, 0.1]}, cv=5)
grid.fit(X_train, y_train)
print("best params", grid.best_params_, "cv", round(grid.best_score_, 3))

final = GradientBoostingClassifier(**grid.best_params_).fit(X_train, y_train)
print(classification_report(y_test, final.predict(X_test)))
