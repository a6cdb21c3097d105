"""Iris with a decision tree."""
import pandas as pd
from sklearn.tree import DecisionTreeClassifier, plot_tree
from sklearn.metrics import accuracy_score, classification_report

iris = pd.read_csv("iris.csv")
features = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
X = iris[features]
y = iris["species"]

tree = DecisionTreeClassifier(max_depth=None, random_state=42)
tree.fit(X, y)

predictions = tree.predict(X)
print("Model accuracy:", accuracy_score(y, predictions))  # expect: L1.1
print(classification_report(y, predictions))  # expect: L1.1
