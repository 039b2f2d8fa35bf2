#!/usr/bin/env python3
"""Exact least squares on the very doubles the tests fit, scored against NIST's certified values (LRE).

The limit a double-precision fit can reach: the CSV values parsed to doubles (Python's float, IEEE binary64 as .NET's
double.Parse), the polynomial columns built as the tests build them, v *= x (x, then x*x, then (x*x)*x, ... each
rounded to double), then least squares in exact rational arithmetic (fractions.Fraction) and the square roots to 40
digits (decimal). The LRE of a certified 0 is -log10|x| (absolute), as NIST scores it; an exact match counts 15.

Usage: python3 exact_lls.py [FOLDER] > exact_digits.json
FOLDER holds nist_lls.json and the sets' x,y CSV files (default: this folder); Longley comes from the repository's
data/longley.csv.
"""
import csv, json, math, os, sys
from decimal import Decimal, getcontext
from fractions import Fraction

getcontext().prec = 40
HERE = os.path.dirname(os.path.abspath(__file__))
LONGLEY_CSV = os.path.join(HERE, "..", "..", "..", "..", "data", "longley.csv")

LONGLEY = {
    "params": [-3482258.63459582, 15.0618722713733, -0.0358191792925910, -2.02022980381683, -1.03322686717359,
               -0.0511041056535807, 1829.15146461355],
    "param_sd": [890420.383607373, 84.9149257747669, 0.0334910077722432, 0.488399681651699, 0.214274163161675,
                 0.226073200069370, 455.478499142212],
    "residual_sd": 304.854073561965, "r_squared": 0.995479004577296,
}


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = next(r for r in range(c, n) if m[r][c] != 0)
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [u - f * v for u, v in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] for i in range(n)]


def inverse_diagonal(a):
    n = len(a)
    return [solve(a, [Fraction(int(i == j)) for i in range(n)])[j] for j in range(n)]


def sqrt(q):
    return float((Decimal(q.numerator) / Decimal(q.denominator)).sqrt()) if q else 0.0


def lre(certified, value):
    if value == certified:
        return 15.0
    if certified == 0:
        return min(15.0, -math.log10(abs(value)))
    return min(15.0, -math.log10(abs(value - certified) / abs(certified)))


def fit(rows, y):
    """Exact OLS with an intercept: params, their SDs, residual SD and R^2 (rounded to double at the end)."""
    z = [[Fraction(1)] + [Fraction(v) for v in r] for r in rows]
    yq = [Fraction(v) for v in y]
    p, n = len(z[0]), len(z)
    g = [[sum(r[i] * r[j] for r in z) for j in range(p)] for i in range(p)]
    c = [sum(r[i] * t for r, t in zip(z, yq)) for i in range(p)]
    beta = solve(g, c)
    sse = sum((t - sum(b * v for b, v in zip(beta, r))) ** 2 for r, t in zip(z, yq))
    mean = sum(yq) / n
    tss = sum((t - mean) ** 2 for t in yq)
    scale = sse / (n - p)
    diag = inverse_diagonal(g)
    return {
        "params": [float(b) for b in beta],
        "param_sd": [sqrt(scale * d) for d in diag],
        "residual_sd": sqrt(scale),
        "r_squared": float(1 - sse / tss),
    }


def digits(certified, exact):
    return {
        "params": min(lre(c, v) for c, v in zip(certified["params"], exact["params"])),
        "param_sd": min(lre(c, v) for c, v in zip(certified["param_sd"], exact["param_sd"])),
        "residual_sd": lre(certified["residual_sd"], exact["residual_sd"]),
        "r_squared": lre(certified["r_squared"], exact["r_squared"]),
    }


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else HERE
    nist = json.load(open(os.path.join(folder, "nist_lls.json")))
    out = {}
    for name, cert in nist.items():
        xs, ys = [], []
        with open(os.path.join(folder, cert["file"])) as f:
            for rec in csv.DictReader(f):
                x = float(rec["x"])
                row, v = [], 1.0
                for _ in range(cert["degree"]):
                    v *= x  # as the tests build the powers (rounded to double at each step)
                    row.append(v)
                xs.append(row)
                ys.append(float(rec["y"]))
        exact = fit(xs, ys)
        out[name] = {"construction": "v *= x", "digits": digits(cert, exact), "exact": exact}
    with open(LONGLEY_CSV) as f:
        reader = csv.reader(f)
        header = next(reader)
        t = header.index("TOTEMP")
        rows = [[float(v) for v in r] for r in reader]
    exact = fit([[v for i, v in enumerate(r) if i != t] for r in rows], [r[t] for r in rows])
    out["Longley"] = {"construction": "columns as read", "digits": digits(LONGLEY, exact), "exact": exact}
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
