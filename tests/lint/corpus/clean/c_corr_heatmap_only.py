import pandas as pd
import seaborn as sns
import matplotlib.pyplot as plt
from sklearn.model_selection import train_test_split
from sklearn.ensemble import GradientBoostingRegressor
from sklearn.metrics import r2_score

houses = pd.read_csv("train.csv")
numeric = houses.select_dtypes("number").fillna(0)
corr = numeric.corr()
plt.figure(figsize=(14, 12))
sns.heatmap(corr, cmap="viridis")
print(corr["SalePrice"].sort_values(ascending=False).head(10))

features = ["OverallQual", "GrLivArea", "GarageCars", "TotalBsmtSF", "YearBuilt"]
X_train, X_test, y_train, y_test = train_test_split(numeric[features], numeric["SalePrice"], random_state=0)
gbr = GradientBoostingRegressor().fit(X_train, y_train)
print("R2", r2_score(y_test, gbr.predict(X_test)))
