"""Check 1 of scripts/metrics-check.sh: our /metrics scrape against BentoML's, family by family.

    python compare.py BENTOML_SCRAPE OURS_SCRAPE

Both files are Prometheus text exposition, parsed with prometheus_client's own parser
(text_string_to_metric_families: the one BentoML's Python ecosystem uses; it is laxer than
Prometheus's Go parser, which check 2 of the script exercises). Run with .venv-ref's Python.

Both servers got the same requests before the scrape: 2 good POST /classify (200), 1 bad-shape
POST /classify (400), GET /readyz, GET /docs.json, plus the readiness polls of /readyz (their
number differs, so /readyz counts are not compared). For every family whose name starts with
"bentoml_" in BentoML's scrape, ours must have:
  - a family of the same name (after the parser's munging: a counter `x_total` is family `x`)
    and the same `# TYPE` line (name and type, as written);
  - the same sample names and, per sample name, the same label names;
  - for the request counter and the duration histogram, the same sets of values of endpoint,
    http_response_code, service_name and service_version on the endpoint="/classify" samples,
    the same `le` bucket bounds as written (Prometheus 2 does not normalize them: "1" and "1.0"
    are different series, so a dashboard's `sum by (le)` over both servers would split), and
    counts of 2 for /classify 200 and 1 for /classify 400, in both scrapes.
bentoml_ families only in ours are a difference when they have samples. Families of our own
(ndarray_*, and any other) are listed, not compared. Help texts and endpoint sets beyond
/classify are shown as notes when they differ, not counted as differences.

Multiprocess artifacts. BentoML 1.4.39 serves with several worker processes and
prometheus_client's multiprocess collector, which shapes its scrape in ways a single-process
server has no reason to copy; seen on this machine (2 workers):
  - `pid`: bentoml_api_server_last_request_timestamp_seconds is a gauge in the default
    multiprocess mode ("all"), so it has one sample per worker with a `pid` label;
    bentoml_api_server_request_in_progress ("livesum") has none. `pid` is left out of every
    label comparison, on both sides.
  - `_created`: the multiprocess collector never writes `_created` samples, while a
    single-process prometheus_client (and some other clients) writes one per counter and
    histogram child. Sample names ending in `_created` are left out on both sides (noted
    when present).
  - `_gsum`/`_gcount` belong to the gaugehistogram type, which neither side should use: they
    are not ignored, and would show up as a type and sample-name difference.
Exit status: 0 no differences, 1 differences, 2 a scrape could not be read or parsed.
"""
import re
import sys
from collections import defaultdict

from prometheus_client.parser import text_string_to_metric_families

PREFIX = "bentoml_"
IGNORED_LABELS = {"pid"}
IGNORED_SAMPLE_SUFFIXES = ("_created",)
COMPARED_LABELS = ("endpoint", "http_response_code", "service_name", "service_version")
ENDPOINT = "/classify"
# family -> the sample that counts requests
REQUEST_FAMILIES = {
    "bentoml_api_server_request": "bentoml_api_server_request_total",
    "bentoml_api_server_request_duration_seconds": "bentoml_api_server_request_duration_seconds_count",
}
HISTOGRAM = "bentoml_api_server_request_duration_seconds"
EXPECTED_COUNTS = {"200": 2, "400": 1}

differences = []
notes = []


def out(line=""):
    print(("  " + line).rstrip())


def fmt(values):
    return "{" + ", ".join(sorted(repr(v) for v in values)) + "}" if values else "{}"


def set_diff(what, bento, ours):
    """A difference line when two sets differ: what only each side has."""
    if bento == ours:
        return None
    return f"{what}: only in bentoml {fmt(bento - ours)}; only in ours {fmt(ours - bento)}"


def load(path, side):
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        print(f"  cannot read the {side} scrape {path}: {e}")
        sys.exit(2)
    try:
        parsed = list(text_string_to_metric_families(text))
    except Exception as e:  # the parser raises ValueError and others on bad input
        print(f"  prometheus_client's parser refused the {side} scrape ({path}): {type(e).__name__}: {e}")
        sys.exit(2)
    families = {}
    for f in parsed:
        if f.name in families:
            # The parser starts a new family at every HELP/TYPE of another name, so a family
            # split in two (or a counter whose samples do not fit its TYPE line) shows here.
            differences.append(f"{side}: family {f.name} appears more than once in the exposition")
            families[f.name].samples.extend(f.samples)
        else:
            families[f.name] = f
    # The `# TYPE` lines as written, by the family the parser makes of them: a counter's TYPE
    # line may name `x_total` or `x`, and both parse as family `x`.
    type_lines = defaultdict(set)
    for m in re.finditer(r"^#\s*TYPE\s+(\S+)\s+(\S+)\s*$", text, re.M):
        raw, typ = m.group(1), m.group(2)
        family = raw[: -len("_total")] if typ == "counter" and raw.endswith("_total") else raw
        type_lines[family].add((raw, typ))
    return families, type_lines


def samples(family):
    return [s for s in family.samples if not s.name.endswith(IGNORED_SAMPLE_SUFFIXES)]


def labels_by_sample(family):
    by = defaultdict(set)
    for s in samples(family):
        by[s.name] |= set(s.labels) - IGNORED_LABELS
    return by


def count(family, sample_name, code):
    return sum(
        s.value
        for s in family.samples
        if s.name == sample_name
        and s.labels.get("endpoint") == ENDPOINT
        and s.labels.get("http_response_code") == code
    )


def inf_bucket(family, code):
    return sum(
        s.value
        for s in family.samples
        if s.name == HISTOGRAM + "_bucket"
        and s.labels.get("endpoint") == ENDPOINT
        and s.labels.get("http_response_code") == code
        and s.labels.get("le") == "+Inf"
    )


def compare_family(name, b, o, b_types, o_types):
    found = []
    if b.type != o.type:
        found.append(f"type: bentoml {b.type}, ours {o.type}")
    d = set_diff("# TYPE lines (name, type)", b_types.get(name, set()), o_types.get(name, set()))
    if d:
        found.append(d)
    b_by, o_by = labels_by_sample(b), labels_by_sample(o)
    d = set_diff("sample names", set(b_by), set(o_by))
    if d:
        found.append(d)
    for sample_name in sorted(set(b_by) & set(o_by)):
        d = set_diff(f"label names of {sample_name} (pid left out)", b_by[sample_name], o_by[sample_name])
        if d:
            found.append(d)
    if name in REQUEST_FAMILIES:
        for label in COMPARED_LABELS:
            bv = {s.labels[label] for s in samples(b) if s.labels.get("endpoint") == ENDPOINT and label in s.labels}
            ov = {s.labels[label] for s in samples(o) if s.labels.get("endpoint") == ENDPOINT and label in s.labels}
            d = set_diff(f'values of {label} on endpoint="{ENDPOINT}" samples', bv, ov)
            if d:
                found.append(d)
        for code, want in EXPECTED_COUNTS.items():
            cb, co = count(b, REQUEST_FAMILIES[name], code), count(o, REQUEST_FAMILIES[name], code)
            if cb != want or co != want:
                found.append(
                    f'{REQUEST_FAMILIES[name]}{{endpoint="{ENDPOINT}",http_response_code="{code}"}}: '
                    f"bentoml {cb:g}, ours {co:g}, expected {want}"
                )
            if name == HISTOGRAM:
                ib, io = inf_bucket(b, code), inf_bucket(o, code)
                if ib != want or io != want:
                    found.append(
                        f'{HISTOGRAM}_bucket{{endpoint="{ENDPOINT}",http_response_code="{code}",le="+Inf"}}: '
                        f"bentoml {ib:g}, ours {io:g}, expected {want}"
                    )
    if name == HISTOGRAM:
        bl = {s.labels["le"] for s in b.samples if s.name == HISTOGRAM + "_bucket" and "le" in s.labels}
        ol = {s.labels["le"] for s in o.samples if s.name == HISTOGRAM + "_bucket" and "le" in s.labels}
        d = set_diff("le bucket bounds as written", bl, ol)
        if d:
            try:
                same = {float(v) for v in bl} == {float(v) for v in ol}
            except ValueError:
                same = False
            if same:
                d += " (the same numbers spelled differently: Prometheus keeps them as different series)"
            found.append(d)
    # Notes: not differences, but worth seeing.
    be = {s.labels["endpoint"] for s in b.samples if "endpoint" in s.labels}
    oe = {s.labels["endpoint"] for s in o.samples if "endpoint" in s.labels}
    if be != oe:
        notes.append(f"{name}: endpoints seen: {set_diff('endpoint values', be, oe)}")
    if b.documentation != o.documentation:
        notes.append(f"{name}: help text: bentoml {b.documentation!r}, ours {o.documentation!r}")
    for side, f in (("bentoml", b), ("ours", o)):
        created = sorted({s.name for s in f.samples if s.name.endswith(IGNORED_SAMPLE_SUFFIXES)})
        if created:
            notes.append(f"{name}: {side} has {', '.join(created)} (left out: multiprocess BentoML never writes _created)")
        pids = {s.labels["pid"] for s in f.samples if "pid" in s.labels}
        if pids:
            notes.append(f"{name}: {side} has a pid label ({len(pids)} value(s): one sample per worker; left out)")
    return found


def main():
    if len(sys.argv) != 3:
        print(__doc__.split("\n\n")[1])
        sys.exit(2)
    bento, b_types = load(sys.argv[1], "bentoml")
    ours, o_types = load(sys.argv[2], "ours")
    compared = 0
    for name in sorted(n for n in bento if n.startswith(PREFIX)):
        compared += 1
        b = bento[name]
        if name not in ours:
            differences.append(f"{name} ({b.type}): missing in ours")
            continue
        found = compare_family(name, b, ours[name], b_types, o_types)
        differences.extend(f"{name}: {d}" for d in found)
        out(f"{'DIFF' if found else 'same'}  {name} ({b.type})")
    for name in sorted(n for n in ours if n.startswith(PREFIX) and n not in bento):
        f = ours[name]
        if samples(f):
            differences.append(f"{name} ({f.type}): only in ours, with {len(f.samples)} samples")
        else:
            notes.append(f"{name} ({f.type}): only in ours, with no samples")
    own = sorted(n for n in ours if not n.startswith(PREFIX))
    if own:
        out(f"ours also has {len(own)} families of its own (listed, not compared):")
        for name in own:
            f = ours[name]
            labels = sorted({k for s in f.samples for k in s.labels})
            out(f"  {name} ({f.type}, {len(f.samples)} samples; labels: {', '.join(labels) or '-'})")
    for n in notes:
        out(f"note: {n}")
    for d in differences:
        out(f"DIFF: {d}")
    out(f"{compared} bentoml_ families compared, {len(differences)} differences")
    if compared == 0:
        out("DIFF: BentoML's scrape has no bentoml_ family: nothing was compared")
        sys.exit(1)
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
