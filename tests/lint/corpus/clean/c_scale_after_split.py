import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score

df = pd.read_csv("../input/titanic/train.csv")
df["Age"] = df["Age"].fillna(df["Age"].median())
df = pd.get_dummies(df, columns=["Sex", "Embarked"], drop_first=True)
X = df.drop(columns=["Survived", "Name", "Ticket", "Cabin", "PassengerId"])
y = df["Survived"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42, stratify=y)
scaler = StandardScaler()
X_train_scaled = scaler.fit_transform(X_train)
X_test_scaled = scaler.transform(X_test)

clf = LogisticRegression(max_iter=1000).fit(X_train_scaled, y_train)
print("test accuracy:", accuracy_score(y_test, clf.predict(X_test_scaled)))
