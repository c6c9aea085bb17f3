"""Garbage-collector settings for long-running web workers.

An API page of 100 households with their members allocates tens of thousands of short-lived
objects; with CPython's default thresholds that triggers full collections which walk every
object Django loaded at start-up, and one request in ten paid 100+ ms for it (bench/api_list.py).
Freezing the start-up objects moves them out of the collector's sight, and a larger first
threshold lets reference counting free request garbage before a collection runs at all.
Cycles are still collected, just less often.
"""

import gc


def tune() -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 500, 1000)
