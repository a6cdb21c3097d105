import pandas as pd
import matplotlib.pyplot as plt
from sklearn.cluster import KMeans
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression

customers = pd.read_csv("mall_customers.csv")
segments = KMeans(n_clusters=5, n_init=10, random_state=0).fit_predict(customers[["income", "spending"]])
plt.scatter(customers["income"], customers["spending"], c=segments)
plt.title("customer segments")

X = customers[["age", "income", "spending"]]
y = customers["responded"]
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
print(LogisticRegression().fit(X_train, y_train).score(X_test, y_test))
