import pandas as pd
from sklearn.linear_model import LogisticRegression
from safesplit import purged_train_test_split

events = pd.read_csv("events.csv", parse_dates=["time", "label_end"]).sort_values("time")
events = events.set_index("time")
X = events[["f1", "f2", "f3"]]
y = events["label"]
X_train, X_test, y_train, y_test = purged_train_test_split(X, y, test_size=0.25, end_times=events["label_end"])
clf = LogisticRegression().fit(X_train, y_train)
print("later events:", clf.score(X_test, y_test))
