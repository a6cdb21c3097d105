import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

NUMERIC = ["income", "loan_amount", "debt_ratio"]


def fit_preprocessing(train_frame):
    imputer = SimpleImputer(strategy="median").fit(train_frame[NUMERIC])
    scaler = StandardScaler().fit(imputer.transform(train_frame[NUMERIC]))
    return imputer, scaler


def apply_preprocessing(frame, imputer, scaler):
    return scaler.transform(imputer.transform(frame[NUMERIC]))


loans = pd.read_csv("loans.csv")
train_df, test_df = train_test_split(loans, test_size=0.25, random_state=7, stratify=loans["defaulted"])
imp, sc = fit_preprocessing(train_df)
X_train = apply_preprocessing(train_df, imp, sc)
X_test = apply_preprocessing(test_df, imp, sc)
lr = LogisticRegression().fit(X_train, train_df["defaulted"])
print("AUC", roc_auc_score(test_df["defaulted"], lr.predict_proba(X_test)[:, 1]))
