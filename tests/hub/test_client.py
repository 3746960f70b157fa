"""Hub access against a real local HTTP server standing in for the Hub (tests/fakehub.py)."""

from __future__ import annotations

import time

import httpx2
import pytest

from llm_advisor.errors import EXIT_USAGE, UsageError
from llm_advisor.hub import client as hub
from tests.fakehub import FakeHub, closed_port_url, fake_hub_fixture  # noqa: F401

BERT = "google-bert/bert-base-uncased"
BART = "facebook/bart-large-cnn"
QWEN = "Qwen/Qwen2.5-7B-Instruct"
LLAMA = "meta-llama/Llama-3.1-8B-Instruct"
TOKEN = "hf_TestTokenDoNotLeak0123456789abcd"


def api_path(repo_id: str) -> str:
    return f"^/api/models/{repo_id}$"


def hits(hub_: FakeHub, prefix: str) -> list[str]:
    return [p for p in hub_.paths() if p.split(" ", 1)[1].startswith(prefix)]


# ---------------------------------------------------------------------------------------------- happy paths


def test_fetch_encoder_model(fake_hub: FakeHub) -> None:
    m = hub.fetch_model(BERT)
    assert m["id"] == BERT and m["source"] == "hub"
    assert (m["architecture"], m["objective"]) == ("encoder-only", "masked-lm")
    assert m["architecture_evidence"]
    assert (m["params"], m["params_source"], m["active_params"]) == (110106428, "safetensors", None)
    assert m["config"] == {
        "layers": 12, "hidden_size": 768, "attention_heads": 12, "kv_heads": 12, "head_dim": 64,
        "vocab_size": 30522, "intermediate_size": 3072, "decoder_layers": None,
    }  # fmt: skip
    assert m["context_length"] == 512
    assert (m["license"], m["languages"], m["gated"], m["pipeline_tag"]) == (
        "apache-2.0",
        ["en"],
        False,
        "fill-mask",
    )
    assert m["downloads"] == 56842417 and m["likes"] == 2357
    assert m["last_modified"].startswith("2024-02-19T11:06:12")
    card = m["card"]
    assert card["summary"].startswith("Pretrained model on English language using a masked language modeling")
    assert "[" not in card["summary"]  # Markdown links keep their words only
    assert card["intended_uses"].startswith("You can use the raw model for either masked language modeling")
    assert len(card["intended_uses"]) <= hub.CARD_TEXT_CHARS and card["intended_uses"].endswith("…")
    assert card["limitations"].startswith(
        "Even if the training data used for this model could be characterized"
    )
    assert "unmasker" not in card["limitations"]  # code blocks are not the card's prose
    assert m["eval_results"] == [] and m["warnings"] == []
    # The real client went over HTTP: info, then one capped GET each for README.md and config.json at the
    # resolved commit (read into memory, never stored in HF_HOME).
    sha = "86b5e0934494bd15c9632b12f734a8a67f723594"
    assert hits(fake_hub, f"/{BERT}/") == [
        f"GET /{BERT}/resolve/{sha}/README.md",
        f"GET /{BERT}/resolve/{sha}/config.json",
    ]
    info_request = next(r for r in fake_hub.requests if r.path == f"/api/models/{BERT}")
    assert set(info_request.query["expand"]) == set(hub.MODEL_EXPAND)


def test_fetch_seq2seq_model_with_eval_results(fake_hub: FakeHub) -> None:
    m = hub.fetch_model(BART)
    assert m["architecture"] == "encoder-decoder" and m["pipeline_tag"] == "summarization"
    assert (
        m["params"] == 406290432
        and m["config"]["decoder_layers"] == 12
        and m["config"]["hidden_size"] == 1024
    )
    assert m["context_length"] == 1024 and m["license"] == "mit"
    assert m["eval_results"][0] == {
        "task": "summarization",
        "dataset": "cnn_dailymail",
        "metric": "ROUGE-1",
        "value": 42.9486,
    }
    assert [r["metric"] for r in m["eval_results"]] == [
        "ROUGE-1",
        "ROUGE-2",
        "ROUGE-L",
        "ROUGE-LSUM",
        "loss",
        "gen_len",
    ]
    assert m["card"]["intended_uses"] == "You can use this model for text summarization."
    assert m["card"]["limitations"] is None  # only a combined "Intended uses & limitations" heading


def test_fetch_decoder_model(fake_hub: FakeHub) -> None:
    m = hub.fetch_model(QWEN)
    assert (m["architecture"], m["objective"], m["params"]) == ("decoder-only", "causal-lm", 7615616512)
    assert m["config"]["kv_heads"] == 4 and m["config"]["head_dim"] == 128 and m["context_length"] == 32768
    assert m["base_model"] == "Qwen/Qwen2.5-7B"
    assert m["card"]["summary"].startswith("Qwen2.5 is the latest series of Qwen large language models.")
    assert "img" not in m["card"]["summary"]  # the HTML badge under the title is skipped


def test_fetch_at_a_revision(fake_hub: FakeHub) -> None:
    sha = "a09a35458c702b33eeacc393d103063234e8bc28"
    assert hub.fetch_model(QWEN, revision=sha)["sha"] == sha
    assert f"GET /api/models/{QWEN}/revision/{sha}" in fake_hub.paths()


def test_renamed_repo_id_follows_the_hubs_redirect(fake_hub: FakeHub) -> None:
    m = hub.fetch_model("bert-base-uncased")  # the pre-2024 id; the Hub answers 307 to google-bert/...
    assert m["id"] == BERT and m["params"] == 110106428 and m["card"]["summary"]
    assert fake_hub.paths()[-4:-2] == ["GET /api/models/bert-base-uncased", f"GET /api/models/{BERT}"]


def test_malformed_repo_id_is_not_found_without_a_request(fake_hub: FakeHub) -> None:
    with pytest.raises(hub.HubNotFound, match="'not a/valid//id'"):
        hub.fetch_model("not a/valid//id")
    assert [p for p in fake_hub.paths() if "valid" in p] == []


def test_fetch_gated_model_without_access_uses_public_parts(fake_hub: FakeHub) -> None:
    m = hub.fetch_model(LLAMA)
    assert m["gated"] is True and m["license"] == "llama3.1"
    assert m["params"] == 8030261248 and m["params_source"] == "safetensors"
    assert m["architecture"] == "decoder-only"  # from the Hub's config summary
    assert m["config"] is None  # config.json itself is behind the gate
    assert any("config.json is gated" in w for w in m["warnings"])
    assert m["languages"] == ["en", "de", "fr", "it", "pt", "hi", "es", "th"]
    assert m["card"]["intended_uses"].startswith("Intended Use Cases: Llama 3.1 is intended for commercial")
    assert m["card"]["limitations"].startswith("The core values of Llama 3.1 are openness")


def test_fetch_gated_model_with_a_granted_token(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_hub.tokens.add(TOKEN)
    fake_hub.granted[LLAMA] = {TOKEN}
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    m = hub.fetch_model(LLAMA)
    assert m["warnings"] == []
    assert m["config"]["kv_heads"] == 8 and m["context_length"] == 131072
    sent = {
        r.headers.get("authorization") for r in fake_hub.requests if r.path.startswith(f"/api/models/{LLAMA}")
    }
    assert sent == {f"Bearer {TOKEN}"}


def test_list_task_models(fake_hub: FakeHub) -> None:
    models = hub.list_task_models("text-generation", limit=10)
    assert [m["id"] for m in models] == [QWEN, LLAMA]  # most downloaded first
    qwen = models[0]
    assert (qwen["architecture"], qwen["params"], qwen["params_source"]) == (
        "decoder-only",
        7615616512,
        "safetensors",
    )
    assert qwen["card"] == {
        "summary": None,
        "intended_uses": None,
        "limitations": None,
    }  # no README in a listing
    assert qwen["config"] is None  # the summary has no sizes
    request = next(r for r in fake_hub.requests if r.path == "/api/models")
    assert request.query["pipeline_tag"] == ["text-generation"] and request.query["sort"] == ["downloads"]
    assert request.query["limit"] == ["10"] and "safetensors" in request.query["expand"]
    assert hits(fake_hub, "/api/models/") == []  # one request for the whole list


def test_list_finds_seq2seq_models_through_summarization(fake_hub: FakeHub) -> None:
    models = hub.list_task_models("summarization", limit=1)
    assert [(m["id"], m["architecture"]) for m in models] == [(BART, "encoder-decoder")]
    assert models[0]["eval_results"][0]["metric"] == "ROUGE-1"  # model-index comes with cardData


# ---------------------------------------------------------------------------------------------- repository errors


def test_gated_model_info_raises_hub_gated(fake_hub: FakeHub) -> None:
    fake_hub.fault(
        api_path(LLAMA), status=403, headers={"X-Error-Code": "GatedRepo", "X-Error-Message": "gated"}
    )
    with pytest.raises(hub.HubGated) as caught:
        hub.fetch_model(LLAMA)
    assert LLAMA in str(caught.value) and caught.value.exit_code == EXIT_USAGE
    assert caught.value.hint and f"/{LLAMA}" in caught.value.hint


def test_unknown_model_anonymous_and_authenticated(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(hub.HubNotFound, match="no-such/model"):
        hub.fetch_model("no-such/model")  # anonymous: the Hub answers 401 RepoNotFound
    fake_hub.tokens.add(TOKEN)
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    with pytest.raises(hub.HubNotFound) as caught:
        hub.fetch_model("no-such/model")  # authenticated: 404 RepoNotFound
    assert caught.value.hint and "owner/name" in caught.value.hint
    assert [p for p in fake_hub.paths() if "no-such" in p] == ["GET /api/models/no-such/model"] * 2


def test_unknown_revision(fake_hub: FakeHub) -> None:
    with pytest.raises(hub.HubNotFound, match="revision 'v9'"):
        hub.fetch_model(BERT, revision="v9")


def test_invalid_token_is_an_auth_error(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)  # not one the server knows: 401 Invalid credentials
    with pytest.raises(hub.HubAuth, match="HTTP 401"):
        hub.fetch_model(BERT)


def test_forbidden_is_an_auth_error(fake_hub: FakeHub) -> None:
    fake_hub.fault(api_path(BERT), status=403, headers={"X-Error-Message": "Forbidden"})
    with pytest.raises(hub.HubAuth, match="HTTP 403"):
        hub.fetch_model(BERT)


# ---------------------------------------------------------------------------------------------- transport faults


def test_slow_hub_times_out(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ADVISOR_HUB_TIMEOUT", "0.3")
    fake_hub.fault(api_path(BERT), delay=3)
    started = time.monotonic()
    with pytest.raises(hub.HubTimeout, match="within 0.3 s"):
        hub.fetch_model(BERT)
    assert time.monotonic() - started < 2


def test_slow_listing_times_out_without_library_retries(
    fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LLM_ADVISOR_HUB_TIMEOUT", "0.3")
    fake_hub.fault("^/api/models$", delay=3)
    started = time.monotonic()
    with pytest.raises(hub.HubTimeout):
        hub.list_task_models("fill-mask")
    assert time.monotonic() - started < 2
    assert len(hits(fake_hub, "/api/models")) == 1  # huggingface_hub's own retry loop never ran


@pytest.mark.parametrize("call", [lambda: hub.fetch_model(BERT), lambda: hub.list_task_models("fill-mask")])
def test_refused_connection_fails_fast(call: object, monkeypatch: pytest.MonkeyPatch) -> None:
    # Default limits (2 quick retries): well under the ~23 s huggingface_hub alone spends on this.
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url())
    monkeypatch.setenv("HF_HUB_OFFLINE", "0")
    started = time.monotonic()
    with pytest.raises(hub.HubUnreachable, match="connection refused") as caught:
        call()  # type: ignore[operator]
    assert time.monotonic() - started < 5
    assert caught.value.hint and "network" in caught.value.hint


def test_server_error_is_retried_then_reported(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ADVISOR_HUB_RETRIES", "1")
    fake_hub.fault("^/api/models$", status=500)
    with pytest.raises(hub.HubServerError, match="HTTP 500"):
        hub.list_task_models("fill-mask")
    assert len(hits(fake_hub, "/api/models")) == 2


def test_transient_server_error_recovers(fake_hub: FakeHub) -> None:
    fake_hub.fault(api_path(BERT), status=503, times=1)
    assert hub.fetch_model(BERT)["params"] == 110106428
    assert hits(fake_hub, f"/api/models/{BERT}") == [f"GET /api/models/{BERT}"] * 2


def test_deadline_bounds_retries(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ADVISOR_HUB_RETRIES", "50")
    monkeypatch.setenv("LLM_ADVISOR_HUB_DEADLINE", "1.2")
    fake_hub.fault("^/api/models$", status=502)
    started = time.monotonic()
    with pytest.raises(hub.HubServerError):
        hub.list_task_models("fill-mask")
    assert time.monotonic() - started < 2
    assert 2 <= len(hits(fake_hub, "/api/models")) <= 4  # backoff 0.5 s, 1 s: the deadline stops the rest


def test_rate_limit_reports_the_retry_delay(fake_hub: FakeHub) -> None:
    fake_hub.fault(api_path(BERT), status=429, headers={"Retry-After": "120"})
    started = time.monotonic()
    with pytest.raises(hub.HubRateLimited) as caught:
        hub.fetch_model(BERT)
    assert caught.value.retry_after == 120 and "retry in 120 s" in str(caught.value)
    assert time.monotonic() - started < 2  # a 2-minute wait is reported, not sat through
    assert len(hits(fake_hub, f"/api/models/{BERT}")) == 1


def test_rate_limit_from_the_hubs_ratelimit_header(fake_hub: FakeHub) -> None:
    headers = {"RateLimit": '"api";r=0;t=55', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'}
    fake_hub.fault("^/api/models$", status=429, headers=headers)
    with pytest.raises(hub.HubRateLimited, match="retry in 55 s"):
        hub.list_task_models("fill-mask")


def test_short_retry_after_is_respected(fake_hub: FakeHub) -> None:
    fake_hub.fault(api_path(BERT), status=429, headers={"Retry-After": "1"}, times=1)
    started = time.monotonic()
    assert hub.fetch_model(BERT)["id"] == BERT
    assert time.monotonic() - started >= 1.0
    assert len(hits(fake_hub, f"/api/models/{BERT}")) == 2


def test_library_errors_map_to_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    # Errors as huggingface_hub raises them when our client is not in the way (e.g. a 429 it parsed).
    from huggingface_hub.utils import hf_raise_for_status

    def raised(status: int, headers: dict[str, str]) -> BaseException:
        request = httpx2.Request("GET", f"https://huggingface.co/api/models/{LLAMA}")
        try:
            hf_raise_for_status(httpx2.Response(status, headers=headers, request=request))
        except Exception as err:  # noqa: BLE001
            return err
        raise AssertionError("no error raised")

    limited = hub.hub_error(
        raised(429, {"RateLimit": '"api";r=0;t=42', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'})
    )
    assert isinstance(limited, hub.HubRateLimited) and limited.retry_after == 42
    gated = hub.hub_error(raised(401, {"X-Error-Code": "GatedRepo"}), LLAMA)
    assert isinstance(
        gated, hub.HubGated
    )  # not HubNotFound, although GatedRepoError is a RepositoryNotFoundError
    assert isinstance(hub.hub_error(raised(404, {"X-Error-Code": "RepoNotFound"}), LLAMA), hub.HubNotFound)
    assert isinstance(
        hub.hub_error(httpx2.ConnectError("[Errno 111] Connection refused")), hub.HubUnreachable
    )
    assert isinstance(hub.hub_error(httpx2.ReadTimeout("timed out")), hub.HubTimeout)
    assert hub.hub_error(RuntimeError("a bug")) is None  # not ours to hide


# ---------------------------------------------------------------------------------------------- bad content


def test_malformed_model_json(fake_hub: FakeHub) -> None:
    fake_hub.fault(api_path(BERT), status=200, body='{"id": "google-bert/bert-base-uncased", "downloads": 5')
    with pytest.raises(hub.HubBadResponse, match="malformed JSON"):
        hub.fetch_model(BERT)


def test_truncated_listing_json(fake_hub: FakeHub) -> None:
    fake_hub.fault("^/api/models$", status=200, body='[{"id": "facebook/bart-large-cnn", "likes"')
    with pytest.raises(hub.HubBadResponse):
        hub.list_task_models("summarization")


def test_malformed_config_json_is_a_warning(fake_hub: FakeHub) -> None:
    fake_hub.set_file(QWEN, "config.json", '{"architectures": ["Qwen2ForCausalLM"], "hidden_')
    m = hub.fetch_model(QWEN)
    assert m["config"] is None and m["architecture"] == "decoder-only"
    assert m["warnings"] == ["config.json is not a JSON object; the shape comes from the Hub's summary"]


def test_card_without_metadata(fake_hub: FakeHub) -> None:
    del fake_hub.models[BERT]["info"]["cardData"]
    fake_hub.set_file(
        BERT, "README.md", "# BERT\n\nA plain card with no YAML header at all, just some words.\n"
    )
    m = hub.fetch_model(BERT)
    assert m["license"] == "apache-2.0"  # from the Hub's license: tag
    assert m["languages"] == [] and m["eval_results"] == []
    assert m["card"] == {
        "summary": "A plain card with no YAML header at all, just some words.",
        "intended_uses": None,
        "limitations": None,
    }


def test_model_without_readme(fake_hub: FakeHub) -> None:
    fake_hub.remove_file(BART, "README.md")
    m = hub.fetch_model(BART)
    assert m["card"] == {"summary": None, "intended_uses": None, "limitations": None}
    assert m["warnings"] == []  # a missing card is not a failure
    assert m["eval_results"][0]["value"] == 42.9486  # still there: model-index comes with cardData


def test_card_escape_sequences_are_removed_and_markup_kept_literal(fake_hub: FakeHub) -> None:
    evil = (
        "---\nlicense: mit\n---\n# Evil\n\n"
        "\x1b[31mRed\x1b[0m text with [bold red]rich markup[/bold red], a \x1b]8;;https://evil.example\x07link\x1b]8;;\x07,"
        " a title \x1b]0;pwned\x07 change, a bell\x07 and \u202eoverride words here.\n\n"
        "## Intended uses\n\n\x1b[2J\x1b[HClears the screen when printed raw.\n"
    )
    fake_hub.set_file(BERT, "README.md", evil)
    card = hub.fetch_model(BERT)["card"]
    assert card["summary"] == (
        "Red text with [bold red]rich markup[/bold red], a link, a title change, a bell and override words here."
    )
    assert card["intended_uses"] == "Clears the screen when printed raw."


def test_card_sections_of_the_hubs_template() -> None:
    # The layout of huggingface_hub's default model card template, partly filled in.
    body = (
        "# Model Card for tiny-model\n\n<!-- Provide a quick summary of what the model is/does. -->\n\n"
        "A tiny model that tags parts of speech in Dutch news text.\n\n"
        "## Uses\n\n<!-- Address questions around how the model is intended to be used. -->\n\n"
        "### Direct Use\n\nTagging Dutch sentences before parsing them.\n\n"
        "### Out-of-Scope Use\n\n[More Information Needed]\n\n"
        "## Bias, Risks, and Limitations\n\n[More Information Needed]\n\n"
        "### Recommendations\n\nUsers should be made aware of the risks, biases and limitations of the model.\n"
    )
    assert hub.card_sections(body) == {
        "summary": "A tiny model that tags parts of speech in Dutch news text.",
        "intended_uses": "Tagging Dutch sentences before parsing them.",
        "limitations": "Users should be made aware of the risks, biases and limitations of the model.",
    }


def test_sanitize() -> None:
    assert hub.sanitize("a\x1b[1;31mb\x1b[0mc") == "abc"
    assert hub.sanitize("x\x1b]8;;http://e\x1b\\y\x1b]8;;\x1b\\z") == "xyz"
    assert hub.sanitize("keep\ttabs\nand lines") == "keep\ttabs\nand lines"
    assert hub.sanitize("no\rreturn\x00null\x7fdel\x85c1 \x9b2Jcsi") == "noreturnnulldelc1 csi"
    assert (
        hub.sanitize("[link=file:///etc]x[/link]") == "[link=file:///etc]x[/link]"
    )  # markup is the renderer's job
    assert hub.sanitize("\u202egnp.exe\u2066") == "gnp.exe"
    assert hub.sanitize("中文 ✓ ünïcödé") == "中文 ✓ ünïcödé"


# ---------------------------------------------------------------------------------------------- offline, tokens, settings


def test_offline_makes_no_request(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(hub.HubOffline) as caught:
        hub.fetch_model(BERT)
    with pytest.raises(hub.HubOffline):
        hub.list_task_models("fill-mask")
    assert fake_hub.requests == []
    assert caught.value.exit_code == EXIT_USAGE and "HF_HUB_OFFLINE" in (caught.value.hint or "")


def test_token_never_appears_in_errors(fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.setenv("LLM_ADVISOR_HUB_TIMEOUT", "0.3")
    monkeypatch.setenv("LLM_ADVISOR_HUB_RETRIES", "0")
    errors: list[BaseException] = []

    def capture(call: object) -> None:
        with pytest.raises(hub.HubError) as caught:
            call()  # type: ignore[operator]
        errors.append(caught.value)

    capture(lambda: hub.fetch_model(BERT))  # 401: the server does not know the token
    fake_hub.tokens.add(TOKEN)
    # Servers may echo what they received; the token must still not come through.
    fake_hub.fault(api_path(QWEN), status=403, headers={"X-Error-Message": f"token {TOKEN} refused"})
    fake_hub.fault(
        api_path(LLAMA), status=403, headers={"X-Error-Code": "GatedRepo", "X-Error-Message": TOKEN}
    )
    fake_hub.fault(api_path(BART), status=429, headers={"Retry-After": "60"})
    fake_hub.fault("^/api/models$", status=500, body=f'{{"error": "{TOKEN}"}}')
    fake_hub.fault(api_path("slow/model"), delay=3)
    for call in (
        lambda: hub.fetch_model(QWEN),
        lambda: hub.fetch_model(LLAMA),
        lambda: hub.fetch_model(BART),
        lambda: hub.fetch_model("no-such/model"),
        lambda: hub.list_task_models("fill-mask"),
        lambda: hub.fetch_model("slow/model"),
    ):
        capture(call)
    monkeypatch.setenv("HF_ENDPOINT", closed_port_url())
    capture(lambda: hub.fetch_model(BERT))
    assert [type(e).__name__ for e in errors] == [
        "HubAuth", "HubAuth", "HubGated", "HubRateLimited", "HubNotFound", "HubServerError", "HubTimeout", "HubUnreachable",
    ]  # fmt: skip
    for err in errors:
        assert TOKEN not in f"{err} {err.hint} {err!r} {err.args}"
    # ... while the token was really sent.
    assert any(r.headers.get("authorization") == f"Bearer {TOKEN}" for r in fake_hub.requests)


def test_bad_limit_settings_are_usage_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_ADVISOR_HUB_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="LLM_ADVISOR_HUB_TIMEOUT"):
        hub.limits()
    monkeypatch.setenv("LLM_ADVISOR_HUB_TIMEOUT", "2.5")
    monkeypatch.setenv("LLM_ADVISOR_HUB_RETRIES", "0")
    assert hub.limits() == hub.Limits(timeout=2.5, deadline=30.0, retries=0)
