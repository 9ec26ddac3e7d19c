"""The source decks in fixtures/decks are the shared documents, byte for byte, and every deck has a fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DECKS = ROOT / "fixtures" / "decks"
SHARED = ROOT.parent / "shared" / "decks"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/decks is not beside this checkout")
def test_decks_are_the_shared_documents_byte_for_byte() -> None:
    shared = sorted(path.name for path in SHARED.iterdir())
    assert sorted(path.name for path in DECKS.iterdir()) == shared
    for name in shared:
        assert (DECKS / name).read_bytes() == (SHARED / name).read_bytes(), name


def test_every_deck_has_a_fixture() -> None:
    cited = {line.split(":", 1)[1].strip() for path in (ROOT / "fixtures").glob("*.yaml")
             for line in path.read_text().splitlines() if line.startswith("document:")}
    decks = {f"decks/{path.name}" for path in DECKS.glob("*.txt")}
    assert cited == decks
