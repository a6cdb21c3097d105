import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.naive_bayes import MultinomialNB
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import f1_score

reviews = pd.read_csv("reviews.csv")
train_txt, test_txt, y_train, y_test = train_test_split(reviews["text"], reviews["positive"], random_state=0)
vec = TfidfVectorizer(min_df=3, ngram_range=(1, 2))
X_train = vec.fit_transform(train_txt)
X_test = vec.transform(test_txt)

nb = MultinomialNB().fit(X_train, y_train)
lr = LogisticRegression(max_iter=2000).fit(X_train, y_train)
svm = LinearSVC().fit(X_train, y_train)

scores = {
    "naive bayes": f1_score(y_test, nb.predict(X_test)),
    "logistic": f1_score(y_test, lr.predict(X_test)),
    "linear svm": f1_score(y_test, svm.predict(X_test)),
}
winner = max(scores, key=scores.get)  # expect: multi-test
print("We ship", winner, "with test F1", scores[winner])
