import pandas as pd
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder
from sklearn.model_selection import cross_val_score, KFold
from sklearn.linear_model import Ridge

df = pd.read_csv("insurance.csv")
categorical = ["sex", "smoker", "region"]
numeric = ["age", "bmi", "children"]

onehot = OneHotEncoder(sparse_output=False, handle_unknown="ignore").fit(df[categorical])  # expect: L1.2
encoded = pd.DataFrame(
    onehot.transform(df[categorical]),
    columns=onehot.get_feature_names_out(categorical),
    index=df.index,
)
X = pd.concat([df[numeric], encoded], axis=1)
y = df["charges"]

ridge = Ridge(alpha=1.0)
cv = KFold(n_splits=5, shuffle=True, random_state=3)
print(cross_val_score(ridge, X, y, cv=cv, scoring="r2").mean())
