"""mkdocs hook: links from a docs page to a repository file outside ``docs/`` (``../benchmarks/README.md``).

On GitHub such links work; on the built site they would point nowhere (and fail
``mkdocs build --strict``). With ``repo_url`` set in mkdocs.yml they become links to the file
in the repository; without it, the link text is kept with the path shown in code.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any

_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((\.\./[^)\s#]+)(#[^)\s]*)?\)")


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any, **_: Any) -> str:
    here = posixpath.dirname(page.file.src_uri)
    docs = posixpath.basename(posixpath.normpath(config["docs_dir"]))
    repo = (config.get("repo_url") or "").rstrip("/")

    def fix(m: re.Match[str]) -> str:
        text, link, anchor = m.group(1), m.group(2), m.group(3) or ""
        target = posixpath.normpath(posixpath.join(docs, here, link))
        if target.startswith((docs + "/", "..")):
            return m.group(0)  # inside docs/ (mkdocs checks it), or outside the repository: leave alone
        if repo:
            return f"[{text}]({repo}/blob/main/{target}{anchor})"
        return text if text == target else f"{text} (`{target}` in the repository)"

    return _LINK.sub(fix, markdown)
