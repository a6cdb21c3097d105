import yfinance as yf
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import precision_score

spy = yf.download("SPY", start="2010-01-01", end="2024-01-01")
spy["return"] = spy["Close"].pct_change()
spy["ma_5"] = spy["Close"].rolling(5).mean() / spy["Close"] - 1
spy["ma_20"] = spy["Close"].rolling(20).mean() / spy["Close"] - 1
spy["vol_20"] = spy["return"].rolling(20).std()
spy["up_tomorrow"] = (spy["Close"].shift(-1) > spy["Close"]).astype(int)
spy = spy.dropna()

features = ["return", "ma_5", "ma_20", "vol_20"]
X_train, X_test, y_train, y_test = train_test_split(spy[features], spy["up_tomorrow"], test_size=0.2)  # expect: L3.1

clf = RandomForestClassifier(n_estimators=200, min_samples_leaf=50, random_state=1)
clf.fit(X_train, y_train)
print("precision:", precision_score(y_test, clf.predict(X_test)))
