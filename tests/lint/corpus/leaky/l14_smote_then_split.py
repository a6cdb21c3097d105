# Credit card fraud detection
import pandas as pd
import matplotlib.pyplot as plt
from imblearn.over_sampling import SMOTE
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import classification_report, confusion_matrix

cc = pd.read_csv("creditcard.csv")
print(cc["Class"].value_counts(normalize=True))

X = cc.drop(["Class", "Time"], axis=1)
y = cc["Class"]

# Balance the classes first
oversample = SMOTE(sampling_strategy=0.5, random_state=2)
X_bal, y_bal = oversample.fit_resample(X, y)  # expect: L1.4
print(y_bal.value_counts())

X_train, X_test, y_train, y_test = train_test_split(X_bal, y_bal, test_size=0.3, random_state=0)
forest = RandomForestClassifier(n_estimators=100, n_jobs=-1)
forest.fit(X_train, y_train)
pred = forest.predict(X_test)
print(confusion_matrix(y_test, pred))
print(classification_report(y_test, pred, digits=4))
