import pandas as pd
from sklearn.model_selection import cross_val_predict, StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.neighbors import KNeighborsClassifier
from sklearn.metrics import classification_report, confusion_matrix

seeds = pd.read_csv("seeds.csv")
X, y = seeds.drop(columns="variety"), seeds["variety"]
model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=7))
oof = cross_val_predict(model, X, y, cv=StratifiedKFold(5, shuffle=True, random_state=0))
print(confusion_matrix(y, oof))
print(classification_report(y, oof))
