"""Checks ClusterBench's HdrHistogram V2 encoding and interval logs with an independent implementation: the
`hdrhistogram` package from PyPI (module `hdrh`), installed into .venv from Tests/requirements.txt.

Prints one JSON object per line on stdout; HdrV2InteropTests run it and assert the numbers.

    hdrh_check.py decode BASE64          the compressed V2 histogram's shape, total count, min, p50, p99, max
    hdrh_check.py encode LO HI DIGITS F  base64 compressed V2 of a histogram of the values in file F (one a line)
    hdrh_check.py log PATH               per interval of an .hlog: tag, start/end (ms since epoch), total, max
"""
import json
import sys

from hdrh.histogram import HdrHistogram
from hdrh.log import HistogramLogReader


def summary(histogram):
    return {
        "lowest": histogram.lowest_trackable_value,
        "highest": histogram.highest_trackable_value,
        "digits": histogram.significant_figures,
        "total": histogram.get_total_count(),
        "min": histogram.get_min_value(),
        "p50": histogram.get_value_at_percentile(50),
        "p99": histogram.get_value_at_percentile(99),
        "max": histogram.get_max_value(),
    }


def decode(payload):
    print(json.dumps(summary(HdrHistogram.decode(payload))))


def encode(lowest, highest, digits, values_file):
    histogram = HdrHistogram(int(lowest), int(highest), int(digits))
    with open(values_file, encoding="utf-8") as values:
        for line in values:
            if line.strip():
                histogram.record_value(int(line))
    print(json.dumps({"encoded": histogram.encode().decode("ascii")}))


def log(path):
    reader = HistogramLogReader(path, HdrHistogram(1, 3600000000000, 3))
    while True:
        histogram = reader.get_next_interval_histogram()
        if histogram is None:
            break
        line = summary(histogram)
        line.update({
            "tag": histogram.get_tag(),
            "start_ms": histogram.get_start_time_stamp(),
            "end_ms": histogram.get_end_time_stamp(),
            "log_start_s": reader.get_start_time_sec(),
        })
        print(json.dumps(line))
    reader.close()


if __name__ == "__main__":
    commands = {"decode": decode, "encode": encode, "log": log}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](*sys.argv[2:])
