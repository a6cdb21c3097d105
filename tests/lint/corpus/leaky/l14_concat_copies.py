import pandas as pd
from sklearn.model_selection import cross_val_score
from sklearn.ensemble import HistGradientBoostingClassifier

claims = pd.read_csv("claims.csv")
positives = claims[claims["fraud"] == 1]

# Cheap augmentation: repeat the rare positives three times.
augmented = pd.concat([claims, positives, positives, positives], ignore_index=True)  # expect: L1.4
augmented = augmented.sample(frac=1.0, random_state=0)

features = augmented.drop(columns=["fraud", "claim_id"])
label = augmented["fraud"]
model = HistGradientBoostingClassifier(max_iter=300)
print("CV AUC", cross_val_score(model, features, label, cv=5, scoring="roc_auc").mean())
