import pandas as pd
from sklearn.model_selection import GroupKFold, cross_val_score
from sklearn.ensemble import RandomForestClassifier

visits = pd.read_csv("patient_visits.csv")
X = visits.drop(columns=["patient_id", "readmitted"])
y = visits["readmitted"]
groups = visits["patient_id"]
scores = cross_val_score(RandomForestClassifier(n_estimators=300), X, y, groups=groups, cv=GroupKFold(n_splits=5))
print("patient-grouped accuracy", scores.mean())
