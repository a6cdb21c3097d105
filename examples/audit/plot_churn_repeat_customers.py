"""
Churn with repeat customers: entity groups
==========================================

A subscription business predicts, each month, which customers will cancel. Every
customer contributes a row per month, so the data hold many rows of the same person.
Shuffled K-fold puts some months of a customer in training and others in test: the
model recognises the customer (here by their exact monthly charge) and recalls how that
customer behaved, which it cannot do for a customer it has never seen. The audit
reports the shared entities; ``groups=`` keeps each customer on one side of every
split, and the validation then agrees with the score on new customers.
"""

# %%
# Monthly snapshots of 300 customers
# ----------------------------------
# Each customer has a hidden loyalty that drives both their support calls and their
# risk of cancelling; their monthly charge is fixed, so it identifies them.
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold, KFold, cross_val_score

from safesplit import audit, plot_splits

rng = np.random.default_rng(0)


def make_churn(n_customers, first_id):
    loyalty = rng.normal(size=n_customers)
    charge = rng.uniform(20, 120, n_customers).round(2)
    customer = np.repeat(np.arange(n_customers), 12)
    month = np.tile(np.arange(12), n_customers)
    calls = rng.poisson(np.exp(0.2 - 0.6 * loyalty[customer]))
    usage = rng.normal(10 + 2 * loyalty[customer], 3)
    logit = (
        -2.0 - 1.5 * loyalty[customer] + 0.2 * calls + rng.normal(size=customer.size)
    )
    churn = (rng.random(customer.size) < 1 / (1 + np.exp(-logit))).astype(int)
    X = pd.DataFrame(
        {
            "customer_id": first_id + customer,
            "monthly_charge": charge[customer],
            "support_calls": calls,
            "usage_hours": usage.round(1),
            "tenure_months": month,
        }
    )
    return X, pd.Series(churn, name="churn")


X, y = make_churn(300, first_id=10_000)
X_new, y_new = make_churn(100, first_id=20_000)  # customers never seen
print(
    f"{len(X):,} rows of {X['customer_id'].nunique()} customers; churn {y.mean():.0%}"
)

# %%
# What the audit sees
# -------------------
# Given the entity of each row and the validation we planned (shuffled K-fold), the
# audit reports the customers shared between training and test.
groups = X.pop("customer_id")
X_new = X_new.drop(columns="customer_id")
shuffled = KFold(5, shuffle=True, random_state=0)
report = audit(X, y, groups=groups, cv=shuffled)
print(report)
report.plot()
plt.show()

# %%
# The split plot says the same: every customer appears on both sides of a shuffled
# split, and on one side only of a grouped one.
fig, axes = plt.subplots(2, 1, figsize=(9, 4.5))
plot_splits(shuffled, X, y, groups=groups, ax=axes[0])
plot_splits(GroupKFold(5), X, y, groups=groups, ax=axes[1])
axes[0].set_title("KFold(shuffle=True): customers on both sides", loc="left")
axes[1].set_title("GroupKFold(groups=customer): one side each", loc="left")
plt.tight_layout()
plt.show()

# %%
# Validation against new customers
# --------------------------------
# The same model, validated both ways, then fitted on every row and scored on 100
# customers it has never seen.
model = HistGradientBoostingClassifier(max_iter=60, random_state=0)
rows = {}
for name, cv in [
    ("shuffled KFold", shuffled),
    ("GroupKFold by customer", GroupKFold(5)),
]:
    scores = cross_val_score(model, X, y, groups=groups, cv=cv, scoring="roc_auc")
    rows[name] = scores.mean()
new = roc_auc_score(y_new, model.fit(X, y).predict_proba(X_new)[:, 1])
rows["new customers"] = new
table = pd.Series(rows, name="ROC AUC")
print(table.round(3))

ax = table.plot.barh(color=["#D55E00", "#0072B2", "#E69F00"], figsize=(7, 2.4))
ax.set_xlim(0.5, 1.0)
ax.set_xlabel("ROC AUC")
ax.invert_yaxis()
plt.tight_layout()
plt.show()

# %%
# With times as well (a customer's months in time order), ``PurgedKFold(groups=...)``
# both validates by time and removes a tested customer's other months from training;
# see :doc:`/groups` for entities against time buckets.
