import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import f1_score

df = pd.read_csv("spam.csv")
X, y = df.drop(columns="spam"), df["spam"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)

runs = []
for seed in range(10):
    forest = RandomForestClassifier(n_estimators=200, random_state=seed)
    forest.fit(X_train, y_train)
    runs.append(f1_score(y_test, forest.predict(X_test)))
print(f"F1 over 10 seeds: {np.mean(runs):.3f} +/- {np.std(runs):.3f}")
