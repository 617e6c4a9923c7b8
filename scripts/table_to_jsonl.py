"""Write an alias table (YAML or JSON Lines) as JSON Lines, entry for entry.

JSON Lines tables read many times faster than YAML (docs/alias-file.md#json-lines-tables):
convert a big generated table once, then load the ``.jsonl``.

    python scripts/table_to_jsonl.py entities.yaml entities.jsonl
"""

from __future__ import annotations

import argparse

from entnorm._table import read_alias_file
from entnorm._table_jsonl import jsonl_lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("table", help="the alias file to read (.yaml, or .jsonl)")
    parser.add_argument("out", help="the JSON Lines file to write (its name should end in .jsonl)")
    args = parser.parse_args(argv)
    entries = read_alias_file(args.table)
    with open(args.out, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(jsonl_lines(entries))
    print(f"{args.out}: {len(entries)} entries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
