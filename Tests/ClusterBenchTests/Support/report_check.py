"""Recomputes every number of a run folder's report.json on its own, from the `.hlog` files (decoded with the
independent `hdrh` package) and metrics.json, and validates report.json against docs/report.schema.json
(`jsonschema`). Definitions follow docs/report.md ("How numbers are computed"). ReportRunTests run it.

    report_check.py RUN_FOLDER SCHEMA    prints {"checked": N, "mismatches": [...]}
"""
import json
import math
import sys

import jsonschema
from hdrh.histogram import HdrHistogram

MASK = (1 << 64) - 1
checked = 0
mismatches = []


def same(label, expected, actual):
    global checked
    checked += 1
    if isinstance(expected, float) or isinstance(actual, float):
        ok = actual is not None and expected is not None and math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9)
    else:
        ok = expected == actual
    if not ok:
        mismatches.append(f"{label}: recomputed {expected!r}, report.json {actual!r}")


def buckets(histogram):
    """[(lowest, highest, count)] of the non-empty buckets, by value."""
    return [(histogram.get_lowest_equivalent_value(item.value_iterated_to),
             histogram.get_highest_equivalent_value(item.value_iterated_to), item.count_at_value_iterated_to)
            for item in histogram.get_recorded_iterator()]


def merge(parts):
    total = {}
    for part in parts:
        for lowest, highest, count in part:
            previous = total.get(lowest, (highest, 0))
            total[lowest] = (highest, previous[1] + count)
    return [(lowest, highest, count) for lowest, (highest, count) in sorted(total.items())]


def percentiles(merged, ps):
    count = sum(c for _, _, c in merged)
    if count == 0:
        return [0 for _ in ps]
    out = []
    for p in ps:
        rank = max(1, math.ceil(p / 100 * count))
        running = 0
        for _, highest, c in merged:
            running += c
            if running >= rank:
                out.append(highest)
                break
    return out


def mean(merged):
    count = sum(c for _, _, c in merged)
    return sum((lo + (hi - lo + 1) // 2) * c for lo, hi, c in merged) / count if count else 0.0


def read_bins(path, bin_seconds):
    latency, service = {}, {}
    with open(path, encoding="utf-8") as log:
        for line in log:
            line = line.strip()
            if not line or line.startswith("#") or line.startswith('"'):
                continue
            fields = line.split(",")
            tag = None
            if fields[0].startswith("Tag="):
                tag = fields.pop(0)[4:]
            start, length = float(fields[0]), float(fields[1])
            index = max(0, math.floor((start + length) / bin_seconds + 1e-6))
            target = latency if tag is None else service if tag == "service" else None
            if target is not None:
                target.setdefault(index, []).append(buckets(HdrHistogram.decode(fields[3])))
    used = set(latency) | set(service)
    if not used:
        return 0, [], []
    first, last = min(used), max(used)
    return (first, [merge(latency.get(i, [])) for i in range(first, last + 1)],
            [merge(service.get(i, [])) for i in range(first, last + 1)])


def summary(merged):
    values = percentiles(merged, [50, 90, 99, 99.9])
    ms = lambda v: v / 1e6
    return {"count": sum(c for _, _, c in merged), "min": ms(merged[0][0]) if merged else 0.0, "mean": mean(merged) / 1e6,
            "p50": ms(values[0]), "p90": ms(values[1]), "p99": ms(values[2]), "p999": ms(values[3]),
            "max": ms(merged[-1][1]) if merged else 0.0}


def first_series(metrics, name, statistic, cluster, target=None):
    for series in metrics["series"]:
        dims = series["dimensions"]
        if (series["name"], series["statistic"], dims.get("cluster"), dims.get("target")) == (name, statistic, cluster, target):
            return series
    return None


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def statistics(bins, indices, bin_seconds):
    merged = merge([bins[i] for i in indices])
    count = sum(c for _, _, c in merged)
    return [count / (len(indices) * bin_seconds), mean(merged)] + [float(v) for v in percentiles(merged, [50, 90, 99, 99.9])]


def quantile(values, fraction):
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(len(ordered), rank) - 1]


def main(folder, schema_path):
    report = json.load(open(folder + "/report.json", encoding="utf-8"))
    jsonschema.validate(report, json.load(open(schema_path, encoding="utf-8")))
    try:
        metrics = json.load(open(folder + "/metrics.json", encoding="utf-8"))
    except FileNotFoundError:
        metrics = None
    bin_seconds = report["reportIntervalSeconds"]
    all_bins = []
    for cluster in report["clusters"]:
        name = cluster["name"]
        first, latency, service = read_bins(f"{folder}/{name}.hlog", bin_seconds)
        all_bins.append(latency)
        for key, value in summary(merge(latency)).items():
            same(f"{name}.latency.{key}", value, cluster["latencyMilliseconds"][key])
        for key, value in summary(merge(service)).items():
            same(f"{name}.service.{key}", value, cluster["serviceTimeMilliseconds"][key])
        same(f"{name}.timeline.length", len(latency), len(cluster["timeline"]))
        for offset, (bin_, point) in enumerate(zip(latency, cluster["timeline"])):
            count = sum(c for _, _, c in bin_)
            p50, p99 = percentiles(bin_, [50, 99])
            same(f"{name}.timeline[{offset}].seconds", (first + offset + 1) * bin_seconds, point["seconds"])
            same(f"{name}.timeline[{offset}].requests", count, point["requests"])
            same(f"{name}.timeline[{offset}].throughput", count / bin_seconds, point["throughput"])
            same(f"{name}.timeline[{offset}].p50", p50 / 1e6, point["p50Milliseconds"])
            same(f"{name}.timeline[{offset}].p99", p99 / 1e6, point["p99Milliseconds"])
        completed = cluster["statusClasses"].get("2xx", 0) + cluster["statusClasses"].get("3xx", 0)
        same(f"{name}.completed", completed, cluster["completed"])
        same(f"{name}.throughput", completed / cluster["durationSeconds"], cluster["throughputPerSecond"])
        same(f"{name}.errorPercent", cluster["failed"] / cluster["sent"] * 100 if cluster["sent"] else 0.0,
             cluster["errorPercent"])
        counts = list(cluster["perInstance"].values()) + [0] * (cluster["instanceCount"] - len(cluster["perInstance"]))
        balance = cluster["balance"]
        same(f"{name}.balance.fewest", min(counts), balance["fewest"])
        same(f"{name}.balance.most", max(counts), balance["most"])
        same(f"{name}.balance.spread", (max(counts) - min(counts)) / (sum(counts) / len(counts)) * 100,
             balance["spreadPercent"])
        reconciliation = cluster["reconciliation"]
        if metrics:
            requests = first_series(metrics, "RequestCount", "Sum", name)
            total = int(sum(requests["values"]))
            elb = int(sum(first_series(metrics, "HTTPCode_ELB_5XX_Count", "Sum", name)["values"]))
            answered = [0.0] * len(requests["values"])
            for digit in "2345":
                series = first_series(metrics, f"HTTPCode_Target_{digit}XX_Count", "Sum", name)
                for i, v in enumerate(series["values"]):
                    answered[i] += v
            averages = first_series(metrics, "TargetResponseTime", "Average", name)["values"]
            weight = sum(answered)
            trt = sum(a * w for a, w in zip(averages, answered)) / weight * 1000 if weight else 0.0
            per_target = {s["dimensions"]["target"]: int(sum(s["values"])) for s in metrics["series"]
                          if s["name"] == "RequestCount" and s["dimensions"].get("cluster") == name
                          and "target" in s["dimensions"]}
            lb = cluster["loadBalancer"]["series"]
            same(f"{name}.series.requestCount", total, lb["requestCount"])
            same(f"{name}.series.perTarget", per_target, lb["perTarget"])
            same(f"{name}.series.trt", trt, lb["targetResponseTimeMilliseconds"])
            responses = sum(cluster["statusClasses"].values())
            same(f"{name}.reconciliation.difference", total - (responses - elb), reconciliation["difference"])
            client_mean = cluster["latencyMilliseconds"]["mean"]
            same(f"{name}.reconciliation.networkAndBalancer", client_mean - trt,
                 reconciliation["networkAndBalancerMilliseconds"])
            minutes = {}
            for stamp, value in zip(requests["timestamps"], requests["values"]):
                minutes[stamp // 60 * 60] = minutes.get(stamp // 60 * 60, 0) + value
            same(f"{name}.peakRequestsPerMinute", int(max(minutes.values())),
                 cluster["peakRequestsPerMinute"]["requestsPerMinute"])
    settings = report["bootstrap"]
    names = ["throughput", "mean", "p50", "p90", "p99", "p999"]
    base = report["clusters"][0]
    for index, comparison in enumerate(report["comparisons"], start=1):
        other = report["clusters"][index]
        generator = SplitMix64(settings["seed"] ^ ((index * 0x9E3779B97F4A7C15) & MASK))
        a_bins, b_bins = all_bins[0], all_bins[index]
        replicates = [[] for _ in names]
        has_data = any(c for bin in a_bins for _, _, c in bin) and any(c for bin in b_bins for _, _, c in bin)
        for _ in range(settings["replicates"] if a_bins and b_bins and has_data else 0):
            # A draw in which either side holds no request is drawn again (at most 1000 times).
            for _ in range(1000):
                a_idx = [generator.next() % len(a_bins) for _ in a_bins]
                b_idx = [generator.next() % len(b_bins) for _ in b_bins]
                a = statistics(a_bins, a_idx, bin_seconds)
                b = statistics(b_bins, b_idx, bin_seconds)
                if a[0] > 0 and b[0] > 0:
                    break
            for i in range(len(names)):
                if a[i] > 0:
                    replicates[i].append(b[i] / a[i])
        tail = (1 - settings["confidence"]) / 2
        for i, statistic in enumerate(comparison["statistics"]):
            key = "throughputPerSecond" if i == 0 else None
            base_value = base[key] if key else base["latencyMilliseconds"][names[i]]
            other_value = other[key] if key else other["latencyMilliseconds"][names[i]]
            same(f"{other['name']}.{names[i]}.ratio", other_value / base_value, statistic.get("ratio"))
            if len(replicates[i]) == settings["replicates"]:
                low, high = quantile(replicates[i], tail), quantile(replicates[i], 1 - tail)
                same(f"{other['name']}.{names[i]}.low", low, statistic.get("low"))
                same(f"{other['name']}.{names[i]}.high", high, statistic.get("high"))
                ratio = other_value / base_value
                significant = (low > 1 or high < 1) and abs(ratio - 1) >= settings["materialDifference"]
                same(f"{other['name']}.{names[i]}.significant", significant, statistic["significant"])
    for threshold in report["thresholds"]:
        cluster = next(c for c in report["clusters"] if c["name"] == threshold["cluster"])
        metric = threshold["metric"]
        if metric == "throughput":
            actual = cluster["throughputPerSecond"]
        elif metric == "errorPercent":
            actual = cluster["errorPercent"]
        else:
            actual = cluster["latencyMilliseconds"][metric]
        same(f"threshold {metric} {threshold['cluster']}", actual, threshold["actual"])
        passed = actual >= threshold["limit"] if metric == "throughput" else actual < threshold["limit"]
        same(f"threshold {metric} {threshold['cluster']} passed", passed, threshold["passed"])
    print(json.dumps({"checked": checked, "mismatches": mismatches}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
