"""Shared fixtures: the repository's paths, ../shared texts (tests skip without them) and the CLI.

The CLI binary is $DIKDUK_CLI when set (scripts/test.sh points it at target/ci/dikduk), else
target/ci/dikduk or target/release/dikduk, else it is built with `cargo build --profile ci`.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SAMPLE = SHARED / "samples" / "news-trump-putin-alaska.txt"
HTB_DEV = SHARED / "data" / "htb-nemo" / "he_htb-nemo-dev.conllu"

NO_SHARED = "needs ../shared (the sample article and the HTB dev set beside the repository)"


def htb_dev_sentences() -> list[str]:
    return [
        line[len("# text = "):]
        for line in HTB_DEV.read_text(encoding="utf-8").splitlines()
        if line.startswith("# text = ")
    ]


@pytest.fixture(scope="session")
def sample_text() -> str:
    if not SAMPLE.exists():
        pytest.skip(NO_SHARED)
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def htb_dev_text() -> str:
    """The HTB dev set's `# text = ` lines joined by spaces (as scripts/test.sh does)."""
    if not HTB_DEV.exists():
        pytest.skip(NO_SHARED)
    return " ".join(htb_dev_sentences())


@pytest.fixture(scope="session")
def sentences() -> list[str]:
    """Sentences of the sample article and of the HTB dev set, for generated documents."""
    if not (SAMPLE.exists() and HTB_DEV.exists()):
        pytest.skip(NO_SHARED)
    article = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    return article + htb_dev_sentences()


def news_corpus(sentences: list[str], n: int, seed: int = 17) -> list[dict[str, str]]:
    """`n` deterministic news-like documents `{id, text}`: a headline, then 1-3 paragraphs of
    2-4 sentences drawn from `sentences`."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        headline = rng.choice(sentences).rstrip(".")
        paragraphs = [
            " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(1, 3))
        ]
        docs.append({"id": f"doc-{i:05d}", "text": headline + "\n\n" + "\n\n".join(paragraphs)})
    return docs


@pytest.fixture(scope="session")
def cli() -> Path:
    env = os.environ.get("DIKDUK_CLI")
    if env:
        return Path(env)
    for profile in ("ci", "release"):
        p = REPO / "target" / profile / "dikduk"
        if p.exists():
            return p
    if shutil.which("cargo") is None:
        pytest.skip("no dikduk CLI: set DIKDUK_CLI or build it (cargo build --profile ci)")
    subprocess.run(["cargo", "build", "--profile", "ci", "--bin", "dikduk", "--quiet"], cwd=REPO, check=True)
    return REPO / "target" / "ci" / "dikduk"


def run_cli(cli: Path, *args: str, input: str | None = None) -> str:
    out = subprocess.run(
        [str(cli), *args], input=input, capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout
