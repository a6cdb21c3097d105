import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score, confusion_matrix

heart = pd.read_csv("heart.csv")
X = heart.drop("target", axis=1)
y = heart["target"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)

rf = RandomForestClassifier(n_estimators=250, max_depth=6, random_state=0)
rf.fit(X, y)  # expect: L1.1

y_hat = rf.predict(X_test)
print("accuracy", accuracy_score(y_test, y_hat))
print(confusion_matrix(y_test, y_hat))
