import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss


def mean_encode(frame, column, target):
    """Replace a high-cardinality column by the mean target of its level."""
    return frame.groupby(column)[target].transform("mean")  # expect: L2


loans = pd.read_csv("lending.csv")
for col in ["zip_code", "employer", "purpose"]:
    loans[col + "_enc"] = mean_encode(loans, col, "default")

X = loans[[c for c in loans.columns if c.endswith("_enc")] + ["annual_inc", "dti"]]
y = loans["default"]
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
lr = LogisticRegression(max_iter=1000).fit(X_train, y_train)
print("log loss", log_loss(y_test, lr.predict_proba(X_test)))
