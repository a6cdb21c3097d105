import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import RobustScaler
from sklearn.model_selection import train_test_split
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.metrics import roc_auc_score

NUMERIC = ["income", "loan_amount", "credit_history_months", "debt_ratio"]


def load(path):
    frame = pd.read_csv(path)
    frame = frame.drop_duplicates()
    return frame


def preprocess(frame):
    """Impute and scale the numeric columns."""
    imputer = SimpleImputer(strategy="median")
    frame[NUMERIC] = imputer.fit_transform(frame[NUMERIC])  # expect: L1.2
    scaler = RobustScaler()
    frame[NUMERIC] = scaler.fit_transform(frame[NUMERIC])  # expect: L1.2
    return frame


loans = load("data/loans.csv")
loans = preprocess(loans)

features = loans[NUMERIC]
target = loans["defaulted"]
X_tr, X_te, y_tr, y_te = train_test_split(features, target, test_size=0.25, random_state=7)

gbm = GradientBoostingClassifier(n_estimators=300, learning_rate=0.05)
gbm.fit(X_tr, y_tr)
print("AUC", roc_auc_score(y_te, gbm.predict_proba(X_te)[:, 1]))
