"""Issue 13, F21 and F15: ``extract`` of an empty or binary input, and drafts whose source URL
is ``javascript:`` or whose taxon id leaves ``species/``, are refused with one error line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import CORPUS_DIR


def wildkg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wildkg.cli", *args], capture_output=True, text=True, timeout=180, cwd=cwd
    )


def one_error_line(done: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert done.returncode == 2, (done.stdout[-300:], done.stderr[-300:])
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("content", [b"", b"\n\n   \t\n"])
def test_f21_empty_article_is_an_error_not_an_unknown_taxon_draft(
    tmp_path: Path, data_copy: Path, content: bytes
) -> None:
    article = tmp_path / "empty.txt"
    article.write_bytes(content)
    done = wildkg("extract", str(article), "--data-dir", str(data_copy))
    one_error_line(done, "the article is empty")
    assert "unknown-taxon" not in done.stdout


def test_f21_javascript_source_url_is_refused_by_extract(tmp_path: Path, data_copy: Path) -> None:
    done = wildkg("extract", str(CORPUS_DIR / "markhor.txt"), "--source-url", "javascript:alert(1)",
                  "--data-dir", str(data_copy))  # fmt: skip
    one_error_line(done, "expected an http(s) URL or urn:")


@pytest.fixture()
def draft(tmp_path: Path, data_copy: Path) -> Path:
    target = tmp_path / "draft.yaml"
    done = wildkg("extract", str(CORPUS_DIR / "markhor.txt"), "--source-url", "https://example.org/markhor",
                  "--data-dir", str(data_copy), "-o", str(target))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "https://example.org/markhor" in target.read_text(encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.cookie)", "data:text/html,<b>x</b>", "https://e.org/a b"]
)
def test_f21_accept_draft_refuses_a_source_url_that_is_not_a_web_address(
    draft: Path, data_copy: Path, url: str
) -> None:
    """A ``javascript:`` URL went into data/sources.yaml through accept-draft; now nothing is written."""
    draft.write_text(
        draft.read_text(encoding="utf-8").replace("https://example.org/markhor", url), encoding="utf-8"
    )
    before = (data_copy / "sources.yaml").read_bytes()
    done = wildkg("accept-draft", str(draft), "--data-dir", str(data_copy))
    one_error_line(done, "url")
    assert (data_copy / "sources.yaml").read_bytes() == before
    assert not (data_copy / "species" / "capra-falconeri.yaml").exists()


def test_accept_draft_refuses_a_taxon_id_that_leaves_species(
    draft: Path, data_copy: Path, tmp_path: Path
) -> None:
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("taxon: capra-falconeri", "taxon: ../../escaped", 1), encoding="utf-8")
    done = wildkg("accept-draft", str(draft), "--data-dir", str(data_copy))
    one_error_line(done, "cannot be an id")
    assert not (tmp_path / "escaped.yaml").exists() and not (data_copy.parent / "escaped.yaml").exists()


def test_f15_evaluate_against_a_binary_gold_file_is_one_error_line(tmp_path: Path, data_copy: Path) -> None:
    gold = tmp_path / "gold.tsv"
    gold.write_bytes(bytes(range(256)) * 4)
    done = wildkg(
        "extract", str(CORPUS_DIR / "markhor.txt"), "--evaluate", str(gold), "--data-dir", str(data_copy)
    )
    one_error_line(done, "not a UTF-8 gold file")


def test_f15_binary_article_is_one_error_line(tmp_path: Path, data_copy: Path) -> None:
    article = tmp_path / "binary.txt"
    article.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    done = wildkg("extract", str(article), "--evaluate", str(CORPUS_DIR / "markhor.gold.tsv"),
                  "--data-dir", str(data_copy))  # fmt: skip
    one_error_line(done, "cannot read article")
