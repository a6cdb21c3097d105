import yfinance as yf
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import cross_val_score
from safesplit import WalkForward

px = yf.download("QQQ", start="2012-01-01", end="2024-01-01")
px["ret"] = px["Close"].pct_change()
px["mom_10"] = px["Close"].pct_change(10)
px["vol_10"] = px["ret"].rolling(10).std()
px["target"] = (px["ret"].shift(-1) > 0).astype(int)
px = px.dropna()

X = px[["ret", "mom_10", "vol_10"]]
y = px["target"]
wf = WalkForward(n_splits=8, horizon=1)
scores = cross_val_score(GradientBoostingClassifier(), X, y, cv=wf, scoring="accuracy")
print(scores.round(3), scores.mean())
