import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import Pipeline

reviews = pd.read_csv("imdb.csv")
X_train, X_test, y_train, y_test = train_test_split(reviews["review"], reviews["sentiment"], test_size=0.2, random_state=0)
pipe = Pipeline([("tfidf", TfidfVectorizer(sublinear_tf=True)), ("clf", LogisticRegression(max_iter=1000))])
grid = GridSearchCV(pipe, {"tfidf__ngram_range": [(1, 1), (1, 2)], "clf__C": [1, 10]}, cv=3, n_jobs=-1)
grid.fit(X_train, y_train)
print("held-out accuracy of the tuned pipeline:", grid.score(X_test, y_test))
