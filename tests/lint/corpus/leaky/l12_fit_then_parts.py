import pandas as pd
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

wine = pd.read_csv("winequality-red.csv", sep=";")
wine["good"] = (wine["quality"] >= 7).astype(int)
X = wine.drop(columns=["quality", "good"])
y = wine["good"]

sc = StandardScaler()
sc.fit(X)  # expect: L1.2
norm = sc

X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=1)
X_train = norm.transform(X_train)
X_test = norm.transform(X_test)

knn = KNeighborsClassifier(n_neighbors=15)
knn.fit(X_train, y_train)
print("test accuracy", knn.score(X_test, y_test))
