"""The README's dataset and gap tables are the data's own figures, not typed by hand."""

from __future__ import annotations

import re

from service.readme import DATA_README, README, columns_block, generated_blocks, replace_blocks


def test_the_readme_tables_match_the_default_dataset() -> None:
    text = README.read_text(encoding="utf-8")
    assert replace_blocks(text, generated_blocks()) == text, "run `make readme`"


def test_replacing_a_block_keeps_everything_around_it() -> None:
    text = "a\n<!-- BEGIN generated:x -->\nold\n<!-- END generated:x -->\nb\n"
    assert replace_blocks(text, {"x": "new"}) == (
        "a\n<!-- BEGIN generated:x -->\nnew\n<!-- END generated:x -->\nb\n"
    )
    assert re.search("old", text)


def test_the_column_reference_matches_the_schema() -> None:
    text = DATA_README.read_text(encoding="utf-8")
    assert replace_blocks(text, {"columns": columns_block()}) == text, "run `make readme`"
