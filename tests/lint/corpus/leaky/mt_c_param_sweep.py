import numpy as np
import matplotlib.pyplot as plt
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.linear_model import LogisticRegression

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, stratify=y, random_state=0)
scaler = StandardScaler().fit(X_train)
X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

Cs = np.logspace(-3, 3, 13)
test_acc = []
for C in Cs:
    clf = LogisticRegression(C=C, max_iter=5000)
    clf.fit(X_train, y_train)
    test_acc.append(clf.score(X_test, y_test))  # expect: multi-test

plt.semilogx(Cs, test_acc, marker="o")
plt.xlabel("C")
plt.ylabel("test accuracy")
plt.show()
best_C = Cs[int(np.argmax(test_acc))]
print("best C", best_C, "accuracy", max(test_acc))
