import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

X = np.load("spectra.npy")
y = np.load("labels.npy")
rng = np.random.default_rng(0)


def jitter(batch, scale=0.01):
    return batch + rng.normal(scale=scale, size=batch.shape)


X_aug = np.vstack([X, jitter(X), jitter(X, 0.02)])  # expect: L1.4
y_aug = np.concatenate([y, y, y])  # expect: L1.4

X_train, X_test, y_train, y_test = train_test_split(X_aug, y_aug, test_size=0.2, random_state=5)
net = MLPClassifier(hidden_layer_sizes=(64, 32), max_iter=500, random_state=0)
net.fit(X_train, y_train)
print("held-out accuracy:", net.score(X_test, y_test))
