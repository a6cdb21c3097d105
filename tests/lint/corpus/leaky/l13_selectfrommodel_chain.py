import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.feature_selection import SelectFromModel
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
from sklearn.metrics import accuracy_score

df = pd.read_csv("parkinsons.csv")
X = df.drop(columns=["name", "status"])
y = df["status"]

X_imp = SelectFromModel(RandomForestClassifier(n_estimators=300, random_state=0)).fit(X, y).transform(X)  # expect: L1.3
print("kept", X_imp.shape[1], "of", X.shape[1])

X_train, X_test, y_train, y_test = train_test_split(X_imp, y, test_size=0.25, stratify=y)
svc = SVC(C=3).fit(X_train, y_train)
print("accuracy:", accuracy_score(y_test, svc.predict(X_test)))
