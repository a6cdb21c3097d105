import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.ensemble import AdaBoostClassifier, ExtraTreesClassifier
from sklearn.metrics import f1_score

emails = pd.read_csv("spambase.csv")
X_train, X_test, y_train, y_test = train_test_split(
    emails.drop(columns="spam"), emails["spam"], test_size=0.3, random_state=3
)


def evaluate(model):
    model.fit(X_train, y_train)
    return f1_score(y_test, model.predict(X_test))


zoo = {"logreg": LogisticRegression(max_iter=3000), "ada": AdaBoostClassifier(), "extra": ExtraTreesClassifier()}
f1s = {name: evaluate(m) for name, m in zoo.items()}  # expect: multi-test
print(sorted(f1s.items(), key=lambda kv: kv[1], reverse=True)[0])
