"""`python -m loaders.check FOLDER`: map a dataset without a store and list every problem."""

from __future__ import annotations

import sys
from pathlib import Path

from loaders.dataset import map_dataset
from loaders.errors import LoadError


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("data/kainuu")
    try:
        dataset = map_dataset(folder)
    except LoadError as exc:
        print(exc, file=sys.stderr)
        return 1
    for source in dataset.sources:
        print(f"{source.name}: {len(source.graph)} triples")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
