"""The row-provenance analysis: names, unpacking, slices, copies, chains, helper
functions, loops and branches; and, as a property, the pre-processing rule against
a brute-force run of random programs on concrete rows."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from safesplit import lint
from safesplit.lint._flow import Flow
from safesplit.lint._source import parse_script
from safesplit.lint._targets import find_columns
from safesplit.lint._values import atoms_overlap, is_held_out

HEAD = (
    "import pandas as pd\n"
    "from sklearn.preprocessing import StandardScaler\n"
    "from sklearn.model_selection import train_test_split, KFold\n"
    "from sklearn.linear_model import LogisticRegression\n"
)


def run(body):
    program = parse_script(HEAD + body)
    flow = Flow(find_columns([unit.tree for unit in program.units]))
    flow.run(program.units)
    return flow


def rows(flow, name):
    return flow.scope.names[name].rows


def parts(flow, name):
    return sorted(path[-1][1] if path else "all" for _, path in rows(flow, name))


def test_atoms_overlap_from_the_definition():
    whole = (1, ())
    train = (1, (("s", "train"),))
    test = (1, (("s", "test"),))
    other_test = (1, (("t", "test"),))
    assert atoms_overlap(whole, test) and atoms_overlap(test, whole)
    assert not atoms_overlap(train, test)
    assert atoms_overlap(train, other_test)  # two splits of the same rows
    assert not atoms_overlap(test, (2, ()))  # another data set
    assert is_held_out(test) and not is_held_out(train) and not is_held_out(whole)


def test_tuple_unpacking_of_train_test_split():
    flow = run(
        "df = pd.read_csv('d.csv')\n"
        "X, y = df.drop(columns='y'), df['y']\n"
        "X_train, X_test, y_train, y_test = train_test_split(X, y)\n"
        "parts = train_test_split(X, y)\n"
        "a, b, *rest = parts\n"
    )
    assert parts(flow, "X_train") == parts(flow, "y_train") == ["train"]
    assert parts(flow, "X_test") == parts(flow, "y_test") == ["test"]
    assert rows(flow, "X_train") == rows(flow, "y_train")
    assert flow.scope.names["y"].target and flow.scope.names["y_test"].target
    assert rows(flow, "a") and rows(flow, "b")


def test_slices_loc_and_iloc_are_split_by_the_names_they_get():
    flow = run(
        "df = pd.read_csv('d.csv')\n"
        "n = int(len(df) * 0.8)\n"
        "train, test = df.iloc[:n], df.iloc[n:]\n"
        "recent = df.loc[df['year'] > 2020]\n"
        "X_val = df[df['year'] == 2019].copy()\n"
        "cols = df[['a', 'b']]\n"
    )
    assert parts(flow, "train") == ["train"] and parts(flow, "test") == ["test"]
    assert parts(flow, "X_val") == ["test"]
    assert parts(flow, "recent") == parts(flow, "cols") == ["all"]


def test_copies_chains_and_helpers_carry_what_was_learned():
    flow = run(
        "def scale(frame):\n"
        "    return StandardScaler().fit_transform(frame)\n"
        "def add_column(frame):\n"
        "    frame['z'] = StandardScaler().fit_transform(frame[['a']])\n"
        "df = pd.read_csv('d.csv')\n"
        "chained = df.copy().dropna().reset_index(drop=True)\n"
        "scaled = scale(chained)\n"
        "add_column(df)\n"
    )
    assert rows(flow, "chained") == rows(flow, "df")
    (taint,) = flow.scope.names["scaled"].taints
    assert taint.kind == "preprocess" and taint.site.line == 6  # in the helper
    (written_back,) = flow.scope.names["df"].taints
    assert written_back.site.line == 8


def test_fold_indices_of_a_loop_cut_the_rows():
    flow = run(
        "X = pd.read_csv('d.csv')\n"
        "for train_idx, test_idx in KFold(5).split(X):\n"
        "    X_tr, X_te = X.iloc[train_idx], X.iloc[test_idx]\n"
    )
    assert parts(flow, "X_tr") == ["train"] and parts(flow, "X_te") == ["test"]


def test_both_branches_of_an_if_are_kept():
    flow = run(
        "df = pd.read_csv('d.csv')\n"
        "other = pd.read_csv('e.csv')\n"
        "if len(df) > 10:\n"
        "    data = df\n"
        "else:\n"
        "    data = other\n"
    )
    assert rows(flow, "data") == rows(flow, "df") | rows(flow, "other")


def test_an_estimator_is_shared_by_its_aliases():
    flow = run(
        "df = pd.read_csv('d.csv')\n"
        "scaler = StandardScaler()\n"
        "alias = scaler\n"
        "alias.fit(df)\n"
    )
    (obj,) = flow.scope.names["scaler"].objects
    assert obj.fit_rows == rows(flow, "df") and obj.fit_site.line == 8


# ---------------------------------------------------------------------------------
# Property: the pre-processing rule against a brute-force run on concrete rows.

N_ROWS = 512
REALISATIONS = 12


@st.composite
def programs(draw):
    """Random straight-line programs of loads, splits, fits, transforms and
    copies, in phases so that they meet (a split of a transformed value, a fit on
    one split's part and a transform of another's); ``ops`` describe them for the
    reference."""
    lines, ops, data, scalers = [], [], [], []

    def new(prefix):
        return f"{prefix}{len(lines)}"

    def line_number():
        return len(HEAD.splitlines()) + len(lines) + 1

    phases = [
        ["load"] * draw(st.integers(1, 2)),
        ["split"] * draw(st.integers(1, 3)),
        draw(
            st.lists(st.sampled_from(["fit", "fit_transform"]), min_size=1, max_size=3)
        ),
        draw(st.lists(st.sampled_from(["transform", "copy", "columns"]), max_size=4)),
        draw(st.lists(st.sampled_from(["split", "transform", "copy"]), max_size=4)),
    ]
    for kind in [kind for phase in phases for kind in phase]:
        source = draw(st.sampled_from(data)) if data else None
        line = line_number()
        if kind == "load":
            name = new("d")
            lines.append(f"{name} = pd.read_csv('file{len(lines)}.csv')")
            ops.append(("load", name))
            data.append(name)
        elif kind == "split":
            train, test = new("p"), new("q")
            lines.append(f"{train}, {test} = train_test_split({source}, test_size=0.5)")
            ops.append(("split", source, train, test))
            data += [train, test]
        elif kind == "fit":
            name = new("s")
            lines.append(f"{name} = StandardScaler().fit({source})")
            ops.append(("fit", name, source, line))
            scalers.append(name)
        elif kind == "fit_transform":
            scaler, name = new("s"), new("f")
            fitted = f"{scaler}.fit_transform({source})"
            lines.append(f"{scaler} = StandardScaler(); {name} = {fitted}")
            ops.append(("fit", scaler, source, line))
            ops.append(("transform", name, scaler, source))
            scalers.append(scaler)
            data.append(name)
        elif kind == "transform":
            scaler, name = draw(st.sampled_from(scalers)), new("t")
            lines.append(f"{name} = {scaler}.transform({source})")
            ops.append(("transform", name, scaler, source))
            data.append(name)
        else:
            name = new("c")
            copy = f"{source}.copy()" if kind == "copy" else f"{source}[['a', 'b']]"
            lines.append(f"{name} = {copy}")
            ops.append(("copy", name, source))
            data.append(name)
    return "\n".join(lines) + "\n", ops


def _reference(ops, seed):
    """The fit lines whose rows meet, in one concrete run, the rows of a value
    held out by the last split that cut it (the definition of L1.2)."""
    rng = random.Random(seed)
    values, scalers, leaks = {}, {}, set()

    def check(value):
        rows, held_out, learned = value
        if held_out:
            leaks.update(line for line, fitted in learned if fitted & rows)

    for op in ops:
        if op[0] == "load":
            values[op[1]] = (frozenset((op[1], i) for i in range(N_ROWS)), False, ())
        elif op[0] == "split":
            rows, _, learned = values[op[1]]
            order = sorted(rows)
            rng.shuffle(order)
            half = len(order) // 2
            values[op[2]] = (frozenset(order[half:]), False, learned)
            values[op[3]] = (frozenset(order[:half]), True, learned)
            check(values[op[3]])
        elif op[0] == "fit":
            scalers[op[1]] = (op[3], values[op[2]][0])
        elif op[0] == "transform":
            rows, held_out, learned = values[op[3]]
            values[op[1]] = (rows, held_out, (*learned, scalers[op[2]]))
            check(values[op[1]])
        else:
            values[op[1]] = values[op[2]]
    return leaks


@settings(max_examples=120, deadline=None)
@given(programs())
def test_preprocessing_rule_matches_brute_force(program):
    source, ops = program
    expected = set()
    for seed in range(REALISATIONS):
        expected |= _reference(ops, seed)
    found = {f.evidence["line"] for f in lint(HEAD + source, select=["L1.2"])}
    assert found == expected, source
