import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import roc_auc_score

patients = pd.read_csv("appointments.csv", parse_dates=["scheduled_day", "appointment_day"])
patients["wait_days"] = (patients["appointment_day"] - patients["scheduled_day"]).dt.days
patients["weekday"] = patients["appointment_day"].dt.dayofweek
X = patients[["age", "wait_days", "weekday", "sms_received", "scholarship"]]
y = patients["no_show"]

X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)
rf = RandomForestClassifier(n_estimators=300, random_state=0).fit(X_train, y_train)
print("AUC", roc_auc_score(y_test, rf.predict_proba(X_test)[:, 1]))
