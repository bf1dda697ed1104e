"""MkDocs hook: publish the repository files that the pages of ``docs/`` link to from outside it.

The pages link to the repository's own files by their path relative to ``docs/``, the way
GitHub resolves them (``../screenshots/replay.svg``, ``../ARCHITECTURE.md``), so a page reads
the same on GitHub, in an editor and in the built site, and nothing is copied or symlinked
into ``docs/``.  MkDocs only knows the files under ``docs_dir``: this hook adds the files below
to the build under those same ``../`` names, and writes them into the site without the
``../`` (``screenshots/replay.svg``, ``ARCHITECTURE.html``).  A link to a file that does not
exist still fails ``mkdocs build --strict``: only existing files are added.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

#: Files outside docs/ that pages link to (globs, relative to the folder holding docs/).
PUBLISHED = ("screenshots/*.svg", "ARCHITECTURE.md", "BENCHMARKS.md", "examples/*.ipynb")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    root = Path(config.docs_dir).parent
    for pattern in PUBLISHED:
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root).as_posix()
            dest = rel
            if rel.endswith(".md"):  # a page: ARCHITECTURE.html (or ARCHITECTURE/index.html)
                dest = rel[: -len(".md")] + ("/index.html" if config.use_directory_urls else ".html")
            files.append(
                File(
                    f"../{rel}",
                    src_dir=config.docs_dir,
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                    dest_uri=dest,
                    # MkDocs leaves out names starting with a dot; these are wanted.
                    inclusion=InclusionLevel.INCLUDED,
                )
            )
    return files
