import pandas as pd
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.preprocessing import MinMaxScaler
from sklearn.svm import SVC
from sklearn.metrics import accuracy_score

voice = pd.read_csv("voice.csv")
X = voice.drop(columns="label")
y = voice["label"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=1)
scaler = MinMaxScaler().fit(X_train)
X_train_s, X_test_s = scaler.transform(X_train), scaler.transform(X_test)

search = GridSearchCV(SVC(), {"C": [0.1, 1, 10], "gamma": ["scale", 0.1]}, cv=5)
search.fit(X_train_s, y_train)
print("chosen", search.best_params_)
print("test accuracy", accuracy_score(y_test, search.predict(X_test_s)))
