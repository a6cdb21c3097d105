import pandas as pd
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import train_test_split
from sklearn.metrics import balanced_accuracy_score

tickets = pd.read_csv("support_tickets.csv")
X = tickets.drop(columns=["escalated", "ticket_id"])
y = tickets["escalated"]
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=0)

baseline = DummyClassifier(strategy="most_frequent").fit(X_train, y_train)
model = HistGradientBoostingClassifier().fit(X_train, y_train)
print("baseline balanced accuracy:", balanced_accuracy_score(y_test, baseline.predict(X_test)))
print("model balanced accuracy:   ", balanced_accuracy_score(y_test, model.predict(X_test)))
