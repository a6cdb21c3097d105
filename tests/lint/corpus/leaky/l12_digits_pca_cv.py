"""Digits with PCA + SVM: how many components do we need?"""
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.model_selection import cross_val_score
from sklearn.svm import SVC

digits = load_digits()
X, y = digits.data, digits.target
print(X.shape)

pca = PCA(n_components=0.95, whiten=True)
X_reduced = pca.fit_transform(X)  # expect: L1.2
print("components kept:", pca.n_components_)

svm = SVC(kernel="rbf", C=10, gamma="scale")
scores = cross_val_score(svm, X_reduced, y, cv=10)
print(f"10-fold accuracy: {scores.mean():.3f} +/- {scores.std():.3f}")
