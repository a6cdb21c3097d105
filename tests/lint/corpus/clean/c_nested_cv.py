from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import GridSearchCV, KFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

X, y = load_breast_cancer(return_X_y=True)
inner = KFold(n_splits=4, shuffle=True, random_state=0)
outer = KFold(n_splits=5, shuffle=True, random_state=1)
search = GridSearchCV(make_pipeline(StandardScaler(), SVC()), {"svc__C": [0.1, 1, 10, 100]}, cv=inner)
nested = cross_val_score(search, X, y, cv=outer)
print("nested CV accuracy: %.3f" % nested.mean())
search.fit(X, y)
print("settings for production:", search.best_params_, "inner score", search.best_score_)
