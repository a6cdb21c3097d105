"""What a name means to the analysis: classes, functions and methods by category.

Names are matched by their last dotted part (``sklearn.preprocessing.StandardScaler``
and a bare ``StandardScaler`` are the same), so a star import or an alias still
works. An unknown class is classified by the end of its name (``...Scaler``,
``...Encoder``, ``...Selector``); anything else that is fitted is a model.
"""

import re


def _names(text):
    return frozenset(text.split())


# Transformers whose fit learns statistics of the rows (L1.2 when fitted on rows
# that later include test rows).
TRANSFORMERS = _names(
    """StandardScaler MinMaxScaler RobustScaler MaxAbsScaler QuantileTransformer
    PowerTransformer KBinsDiscretizer SplineTransformer OneHotEncoder OrdinalEncoder
    LabelBinarizer MultiLabelBinarizer SimpleImputer KNNImputer IterativeImputer
    MissingIndicator PCA KernelPCA IncrementalPCA SparsePCA MiniBatchSparsePCA
    TruncatedSVD NMF MiniBatchNMF FastICA FactorAnalysis LatentDirichletAllocation
    DictionaryLearning MiniBatchDictionaryLearning CountVectorizer TfidfVectorizer
    TfidfTransformer DictVectorizer Nystroem TSNE Isomap LocallyLinearEmbedding
    SpectralEmbedding MDS UMAP ColumnTransformer FeatureUnion KMeans MiniBatchKMeans
    GaussianMixture BinaryEncoder CountEncoder BaseNEncoder
    MeanMedianImputer ArbitraryNumberImputer CategoricalImputer Winsorizer
    OutlierTrimmer RareLabelEncoder YeoJohnsonTransformer BoxCoxTransformer"""
)
# Encoders that only learn the set of categories.
CATEGORY_ENCODERS = _names(
    "OneHotEncoder OrdinalEncoder LabelBinarizer MultiLabelBinarizer BinaryEncoder "
    "BaseNEncoder DictVectorizer"
)
# Fitted, but learn nothing from the values of the rows.
STATELESS = _names(
    """FunctionTransformer Normalizer Binarizer PolynomialFeatures HashingVectorizer
    HashingEncoder GaussianRandomProjection SparseRandomProjection RBFSampler
    AdditiveChi2Sampler SkewedChi2Sampler FeatureHasher"""
)
SELECTORS = _names(
    """SelectKBest SelectPercentile SelectFpr SelectFdr SelectFwe
    GenericUnivariateSelect RFE RFECV SelectFromModel SequentialFeatureSelector
    VarianceThreshold BorutaPy Boruta DropCorrelatedFeatures SmartCorrelatedSelection
    SelectByShuffling SelectBySingleFeaturePerformance RecursiveFeatureElimination"""
)
UNSUPERVISED_SELECTORS = _names("VarianceThreshold DropCorrelatedFeatures")
TARGET_ENCODERS = _names(
    """TargetEncoder CatBoostEncoder LeaveOneOutEncoder WOEEncoder JamesSteinEncoder
    MEstimateEncoder GLMMEncoder QuantileEncoder SummaryEncoder MeanEncoder
    WoEEncoder"""
)
OVERSAMPLERS = _names(
    """SMOTE ADASYN BorderlineSMOTE SVMSMOTE KMeansSMOTE SMOTENC SMOTEN
    RandomOverSampler SMOTETomek SMOTEENN"""
)
UNDERSAMPLERS = _names(
    """RandomUnderSampler NearMiss TomekLinks EditedNearestNeighbours
    RepeatedEditedNearestNeighbours AllKNN CondensedNearestNeighbour
    OneSidedSelection NeighbourhoodCleaningRule InstanceHardnessThreshold
    ClusterCentroids"""
)
PIPELINES = _names("Pipeline make_pipeline")
GUARDED = _names("GuardedPipeline make_guarded_pipeline")
SEARCHES = _names(
    """GridSearchCV RandomizedSearchCV HalvingGridSearchCV HalvingRandomSearchCV
    BayesSearchCV TuneGridSearchCV TuneSearchCV"""
)
# Splitters that put later rows in training (shuffled or plain K-fold).
UNORDERED_SPLITTERS = _names(
    """KFold StratifiedKFold RepeatedKFold RepeatedStratifiedKFold ShuffleSplit
    StratifiedShuffleSplit LeaveOneOut LeavePOut"""
)
ORDERED_SPLITTERS = _names(
    """TimeSeriesSplit PurgedKFold WalkForward CombinatorialPurgedCV
    GroupTimeSeriesSplit PredefinedSplit GroupKFold StratifiedGroupKFold
    LeaveOneGroupOut LeavePGroupsOut GroupShuffleSplit"""
)
SAFESPLIT_SPLITTERS = _names(
    "PurgedKFold WalkForward CombinatorialPurgedCV GroupTimeSeriesSplit"
)
CV_FUNCTIONS = _names(
    """cross_val_score cross_validate cross_val_predict learning_curve
    validation_curve permutation_test_score"""
)
SPLIT_FUNCTIONS = _names("train_test_split")
ORDERED_SPLIT_FUNCTIONS = _names("purged_train_test_split")
SELECTION_SCORE_FUNCTIONS = _names(
    """mutual_info_classif mutual_info_regression f_classif f_regression chi2
    r_regression"""
)
METRICS = _names(
    """accuracy_score f1_score precision_score recall_score roc_auc_score r2_score
    mean_squared_error mean_absolute_error log_loss classification_report
    confusion_matrix balanced_accuracy_score matthews_corrcoef
    average_precision_score mean_absolute_percentage_error root_mean_squared_error
    explained_variance_score cohen_kappa_score jaccard_score fbeta_score hamming_loss
    median_absolute_error max_error brier_score_loss precision_recall_fscore_support
    top_k_accuracy_score roc_curve precision_recall_curve mean_squared_log_error
    d2_absolute_error_score from_predictions"""
)
ESTIMATOR_METRICS = _names("from_estimator plot_confusion_matrix plot_roc_curve")
READERS = re.compile(
    r"^(read_\w+|load\w*|fetch_\w+|make_\w+|download|DataReader|get_data\w*|"
    r"DataFrame|Series|array|asarray|loadtxt|genfromtxt|fromfile|open_dataset|"
    r"rand\w*|normal|uniform|random\w*|standard_normal)$"
)
TIME_SERIES_LOADERS = _names("download DataReader get_data_yahoo get_data_stooq")
TIME_METHODS = _names(
    "shift rolling diff pct_change ewm expanding resample asfreq tshift"
)
AGGREGATIONS = _names(
    """transform agg aggregate mean sum median std var min max first last apply
    cumsum cummean prod sem quantile"""
)
SELECT_BEST = _names(
    """max min sorted argmax argmin idxmax idxmin nlargest nsmallest sort_values
    sort argsort plot lineplot barplot bar barh scatter"""
)
EVALUATE_METHODS = _names("score evaluate")
PREDICT_METHODS = _names(
    "predict predict_proba decision_function predict_log_proba staged_predict"
)
NOT_DATA = _names(
    """print len range enumerate zip isinstance type str int float bool repr
    list tuple dict set sorted display open super getattr setattr hasattr round
    abs sum min max any all iter next format"""
)

_TEST_NAME = re.compile(
    r"(^|_)(test|tst|te|val|valid|validation|holdout|hold_out|eval|oos|dev)(_|$|\d)",
    re.IGNORECASE,
)
_TRAIN_NAME = re.compile(r"(^|_)(train|tr|trn|training)(_|$|\d)", re.IGNORECASE)
_DATE_NAME = re.compile(
    r"(date|time|timestamp|datetime|^dt$|^ds$|^day$|_at$)", re.IGNORECASE
)
_TARGET_VARIABLE = re.compile(
    r"^(y|yy|y_all|y_full|target|targets|label|labels|y_true)$", re.IGNORECASE
)
_TARGET_NAME_VARIABLE = re.compile(
    r"^(target|label|y|outcome)(_?(col|column|name|var|variable))?$", re.IGNORECASE
)


def short(name):
    return name.rsplit(".", 1)[-1] if name else ""


def part_of_name(name):
    """``"test"`` or ``"train"`` for a variable that holds a part of a split."""
    if _TEST_NAME.search(name):
        return "test"
    if _TRAIN_NAME.search(name):
        return "train"
    return None


def is_date_column(name, parsed):
    return isinstance(name, str) and (name in parsed or bool(_DATE_NAME.search(name)))


def is_target_variable(name):
    return bool(_TARGET_VARIABLE.match(name))


def names_a_target(name):
    """A variable that holds the name of the target column (``TARGET = "y"``)."""
    return bool(_TARGET_NAME_VARIABLE.match(name))


def _looks_like_class(name):
    # Called names only: an upper-case constant is not called, an acronym class
    # (SVC, PCA) is.
    return bool(name) and name[0].isupper()


def category_of(name, bases=()):
    """The category of a class (or factory) called ``name``, or None when the name
    is not an estimator. ``bases`` are the base names of a class defined in the
    file."""
    name = short(name)
    for category, members in (
        ("guarded", GUARDED),
        ("pipeline", PIPELINES),
        ("search", SEARCHES),
        ("stateless", STATELESS),
        ("target_encoder", TARGET_ENCODERS),
        ("selector", SELECTORS),
        ("oversampler", OVERSAMPLERS),
        ("undersampler", UNDERSAMPLERS),
        ("splitter", UNORDERED_SPLITTERS | ORDERED_SPLITTERS),
    ):
        if name in members:
            return category
    if name == "LabelEncoder":
        return "label_encoder"
    if name in TRANSFORMERS:
        return "transformer"
    if "TransformerMixin" in bases:
        return "transformer"
    if "SMOTE" in name or name.endswith("OverSampler"):
        return "oversampler"
    if name.endswith(("Selector", "Selection")) or name.startswith("Select"):
        return "selector"
    if name.endswith(("Scaler", "Imputer", "Encoder", "Vectorizer", "Discretizer")):
        return "transformer"
    if name.endswith("Transformer"):
        return "transformer"
    if name.endswith(("SearchCV", "Search")):
        return "search"
    if _looks_like_class(name) and name.endswith(("Split", "Fold")):
        return "splitter"
    if _looks_like_class(name):
        return "model"
    return None


def rule_of_fit(obj, supervised):
    """The taint kind a fitted object passes on to what it transforms."""
    if obj.category == "target_encoder":
        return "target"
    if obj.category == "selector":
        return "select"
    if obj.category in ("pipeline", "guarded", "search"):
        kinds = {rule_of_fit(step, supervised) for step in obj.steps}
        for kind in ("target", "select"):
            if kind in kinds:
                return kind
    return "preprocess"
