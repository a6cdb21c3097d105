import pandas as pd
from sklearn.preprocessing import TargetEncoder
from sklearn.compose import make_column_transformer
from sklearn.pipeline import make_pipeline
from sklearn.linear_model import Ridge
from sklearn.model_selection import cross_val_score

df = pd.read_csv("salaries.csv")
X = df[["job_title", "company", "location", "years_experience"]]
y = df["salary"]
encode = make_column_transformer(
    (TargetEncoder(target_type="continuous"), ["job_title", "company", "location"]),
    remainder="passthrough",
)
model = make_pipeline(encode, Ridge())
print(cross_val_score(model, X, y, cv=5, scoring="r2").mean())
