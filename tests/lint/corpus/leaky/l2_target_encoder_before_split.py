import pandas as pd
import category_encoders as ce
from sklearn.model_selection import train_test_split
from xgboost import XGBClassifier
from sklearn.metrics import roc_auc_score

ads = pd.read_csv("ad_clicks.csv")
cat_cols = ["site_id", "app_id", "device_model"]
X = ads[cat_cols + ["hour", "banner_pos"]]
y = ads["click"]

encoder = ce.TargetEncoder(cols=cat_cols, smoothing=10)
X_enc = encoder.fit_transform(X, y)  # expect: L2

X_train, X_test, y_train, y_test = train_test_split(X_enc, y, test_size=0.2, random_state=3)
xgb = XGBClassifier(n_estimators=400, max_depth=6, learning_rate=0.1)
xgb.fit(X_train, y_train)
print("AUC", roc_auc_score(y_test, xgb.predict_proba(X_test)[:, 1]))
