"""Name resolution: ids, names and aliases regardless of case, spaces and punctuation."""

import pytest


@pytest.mark.parametrize(
    ("typed", "model"),
    [("gpt 5.4", "gpt-5.4"), ("GPT-5.4", "gpt-5.4"), ("gpt5.4", "gpt-5.4"), ("opus", "claude-opus-4.6"),
     ("gemini", "gemini-3.1-pro"), ("Claude  Sonnet 4.6", "claude-sonnet-4.6"), ("ＧＰＴ－５．４", "gpt-5.4")],
)
def test_models(catalog, typed, model):
    assert catalog.model_names.get(typed) == model


@pytest.mark.parametrize(
    ("typed", "bench"),
    [("hle", "hle"), ("Humanity's Last Exam", "hle"), ("healthbench hard", "healthbench-hard"),
     ("TERMINAL-BENCH", "terminal-bench-hard"), ("intelligence index", "intelligence-index")],
)
def test_benchmarks(catalog, typed, bench):
    assert catalog.benchmark_names.get(typed) == bench


def test_suggestions(catalog):
    assert catalog.model_names.suggest("claude")[:2] == ["Claude Opus 4.6", "Claude Sonnet 4.6"]
    assert catalog.model_names.suggest("gpt 5") == ["GPT-5.4"]
    assert catalog.model_names.suggest("zzzzqqq") == []


def test_complete_is_capped_at_25_and_prefix_first(large_core):
    choices = large_core.complete("model", "model 1")
    assert 0 < len(choices) <= 25
    assert choices[0][1] == "model-1"
    assert len(large_core.complete("benchmark", "")) == 25
