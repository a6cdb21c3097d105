import pandas as pd
from imblearn.over_sampling import SMOTE
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report

cc = pd.read_csv("creditcard.csv")
X = cc.drop(columns=["Class", "Time"])
y = cc["Class"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=0)

sm = SMOTE(random_state=2)
X_train_res, y_train_res = sm.fit_resample(X_train, y_train)
forest = RandomForestClassifier(n_estimators=100, n_jobs=-1).fit(X_train_res, y_train_res)
print(classification_report(y_test, forest.predict(X_test), digits=4))
