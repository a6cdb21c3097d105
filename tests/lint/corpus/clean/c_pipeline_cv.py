from sklearn.datasets import load_digits
from sklearn.decomposition import PCA
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

X, y = load_digits(return_X_y=True)
model = make_pipeline(StandardScaler(), PCA(n_components=0.95), SVC(C=10))
scores = cross_val_score(model, X, y, cv=10)
print(f"accuracy {scores.mean():.3f} +/- {scores.std():.3f}")
