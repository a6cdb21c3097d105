import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

train = pd.read_csv("train.csv")
test = pd.read_csv("test.csv")
n_train = len(train)
full = pd.concat([train.drop(columns="Survived"), test], ignore_index=True)
full = pd.get_dummies(full[["Pclass", "Sex", "Embarked", "SibSp", "Parch"]], columns=["Sex", "Embarked"])

X = full.iloc[:n_train]
X_sub = full.iloc[n_train:]
y = train["Survived"]
X_tr, X_val, y_tr, y_val = train_test_split(X, y, test_size=0.2, random_state=0)
lr = LogisticRegression(max_iter=1000).fit(X_tr, y_tr)
print("validation accuracy", lr.score(X_val, y_val))
pd.DataFrame({"PassengerId": test["PassengerId"], "Survived": lr.predict(X_sub)}).to_csv("sub.csv", index=False)
