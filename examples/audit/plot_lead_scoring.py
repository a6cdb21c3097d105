"""
Lead scoring: the audit, its evidence, and the fix
==================================================

A sales team inherits an export of its leads and wants a model that scores each new
lead when it arrives. The export looks clean, and shuffled cross-validation promises an
excellent ROC AUC. The audit finds out why: a column counted after the outcome, an ID
that the CRM re-keyed on conversion, repeat customers on both sides of every split,
and features scaled on the whole export. We drop what it flags, validate by time with
each customer on one side, and compare both validations with the score on later leads
as they looked when they arrived ("production").
"""

# %%
# The export and the rows at prediction time
# ------------------------------------------
# ``make_lead_data`` generates the export from a seed, with the leaks a data
# scientist typically inherits, and the same leads as they looked when they arrived.
import matplotlib.pyplot as plt
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score

from safesplit import PurgedKFold, audit, make_guarded_pipeline
from safesplit._datasets import make_lead_data

X, y, created_at, X_at_creation = make_lead_data(n_leads=3000, random_state=0)
production = (created_at >= pd.Timestamp("2023-07-01")).to_numpy()
development = ~production
print(f"{len(X):,} leads, {y.mean():.0%} converted; columns: {', '.join(X.columns)}")
X.head()

# %%
# The audit
# ---------
# ``X_new`` holds the later leads as they looked when they arrived: the rows the model
# will score. ``times`` makes the audit validate in time order.
report = audit(X, y, times=created_at, X_new=X_at_creation[production])
print(report)

# %%
# The report draws the evidence of each finding: the ID alone predicts the outcome
# perfectly; the demo-call count alone nearly so, and at prediction time it is 0 for
# every lead, so the model falls to chance; nine test rows in ten share a customer
# with training; the numeric columns have the mean and standard deviation of the
# whole export.
ax = report.plot()
plt.show()

# %%
# The fix the report implies
# --------------------------
# Drop the columns flagged at medium or higher, and keep each customer on one side of
# every split with ``groups``.
flagged = [
    f for f in report.at_least("medium") if f.kind in ("target_proxy", "identifier")
]
dropped = sorted({column for f in flagged for column in f.columns})
entity = next(f.columns[0] for f in report.findings if f.kind == "group")
kept = [column for column in X.columns if column not in dropped + [entity]]
print("dropped:", dropped, "| entity:", entity, "| kept:", kept)


# %%
# Leaky and safe validation, next to production
# ---------------------------------------------
# The same model, validated two ways on the development leads, then fitted on all of
# them and scored on the production leads as they looked on arrival.
def model():
    return HistGradientBoostingClassifier(max_iter=60, random_state=0)


X_dev, y_dev, times_dev = X[development], y[development], created_at[development]
groups_dev = X_dev[entity]
leaky_cv = StratifiedKFold(5, shuffle=True, random_state=0)
safe_cv = PurgedKFold(5, embargo="14D")
safe_splits = list(safe_cv.split(X_dev, y_dev, groups_dev, times=times_dev))

rows = {}
for name, columns, cv in [
    ("all columns, shuffled folds", list(X.columns), leaky_cv),
    ("audited columns, PurgedKFold + groups", kept, safe_splits),
]:
    validation = cross_val_score(
        make_guarded_pipeline(model()),
        X_dev[columns],
        y_dev,
        cv=cv,
        scoring="roc_auc",
    ).mean()
    fitted = model().fit(X_dev[columns], y_dev)
    live = roc_auc_score(
        y[production],
        fitted.predict_proba(X_at_creation.loc[production, columns])[:, 1],
    )
    rows[name] = {"validation": validation, "production": live}
table = pd.DataFrame(rows).T
table["phantom"] = table["validation"] - table["production"]
table.round(3)

# %%
# The shuffled validation promised far more than production delivered; the audited,
# time-ordered validation is close to what the model really does on new leads.
ax = table[["validation", "production"]].plot.barh(
    color=["#0072B2", "#E69F00"], figsize=(7, 2.6)
)
ax.set_xlim(0.5, 1.0)
ax.set_xlabel("ROC AUC")
ax.invert_yaxis()
ax.set_title("Validation against production")
plt.tight_layout()
plt.show()
