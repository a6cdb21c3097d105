import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier
from sklearn.metrics import accuracy_score

mush = pd.read_csv("mushrooms.csv")
X = pd.get_dummies(mush.drop(columns="class"))
y = mush["class"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=3)

tree = DecisionTreeClassifier(max_depth=5).fit(X_train, y_train)
print("train accuracy", accuracy_score(y_train, tree.predict(X_train)))
print("test accuracy", accuracy_score(y_test, tree.predict(X_test)))
