import pandas as pd
from sklearn.preprocessing import LabelEncoder
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import accuracy_score

iris = pd.read_csv("iris.csv")
le = LabelEncoder()
y = le.fit_transform(iris["species"])
X = iris.drop(columns="species")

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
rf = RandomForestClassifier(random_state=0).fit(X_train, y_train)
pred = rf.predict(X_test)
print("accuracy", accuracy_score(y_test, pred))
print(le.inverse_transform(pred[:5]))
