"""Build the book: validate parameters, execute the notebooks that need it, run Jupyter Book.

- Nothing changed since the published book (same code, data, notebooks, book files,
  requirements and parameters): nothing runs.
- Otherwise a notebook is re-executed only if something it depends on changed: its own
  source, the code in ``analysis/``, the files in ``data/``, the pinned requirements, or one of
  the parameters it read (:mod:`analysis.pipeline.buildcache`). The others come from the cache.
- Execution uses a few warm kernels (:mod:`analysis.pipeline.execute`); Jupyter Book runs on a
  persistent work folder, so Sphinx re-reads only the pages whose content changed.
- Only a complete, successful build replaces the published folder (``_build/html``): a failure
  or an interruption (SIGINT, SIGTERM, wherever it lands) stops the kernels, removes the stage
  and the work folder, prints one line and leaves the last good book untouched.
- No command replaces or deletes what it did not write. The output is replaced only if it does
  not exist, is empty, or is a book a build of this project wrote (:data:`MARKER`, listing every
  file it holds); the build folder and ``dist/`` likewise. Anything else (a folder with other
  files, the project or a folder holding it, the home folder, ``/``) is refused in one line,
  exit status 2, before anything on disk changes (:func:`check_paths`).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pickle
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..book import bibliography, publication, release
from ..book.archive import MARKER
from . import buildcache
from ..checking import report
from ..text import records
from ..checking.data import PROJECT_DIR, load
from ..text.catalogs import EDITIONS, edition
from ..text.say import say
from .editions import EditionError, edition_notebook

STATIC_BUNDLE = "vega-bundle.js"
DIST_DIR = PROJECT_DIR / "dist"  # where --archive writes
BOOK_FILES = ("_config.yml", "_toc.yml", "book")


def longest_first(notebooks: list[str], registry: Any) -> list[str]:
    """The pages in the order the kernels should take them: the what-if pages first, most grid
    points first (their grids are most of the work), then the others in book order. Two kernels
    that start with the longest pages finish closer together than in book order."""
    pages = {str(fam.get("notebook")): name for name, fam in registry.families.items()}
    points: dict[str, int] = {}
    for w in registry.method.get("whatif", []):
        n = 1
        for k in w["points"]:
            n *= int(k)
        points[w["family"]] = points.get(w["family"], 0) + n
    return sorted(notebooks, key=lambda nb: -points.get(pages.get(nb, ""), 0))


def notebooks_in_toc(root: Path = PROJECT_DIR) -> list[str]:
    """Notebook paths (relative to the project) in the order of ``_toc.yml``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for f in (node.get("root"), node.get("file")):
                if f and (root / f"{f}.ipynb").exists():
                    found.append(f"{f}.ipynb")
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(toc)
    return found


def vega_bundle(cache_dir: Path, reuse: bool = True) -> bytes:
    """One self-contained script defining ``vegaEmbed`` (from vl-convert; no network needed),
    cached per vl-convert version (making it takes about 2 s).

    Wrapped in a function scope: at top level its ``const _`` clashes with Sphinx's scripts.
    """
    import vl_convert

    cached = cache_dir / f"vega-bundle-{vl_convert.__version__}.js"
    if reuse and cached.is_file():
        return cached.read_bytes()
    data = ("(function(){\n" + vl_convert.javascript_bundle() + "\n})();\n").encode("utf-8")
    buildcache.write_atomic(cached, data)
    return data


def downloads(run: report.Run, rel: release.Release) -> dict[str, bytes]:
    """The full claim registry (CSV, JSON, JSON-LD) and the parameters in force, each record
    stamped with the report's version and date: file -> bytes."""
    stamp = {"report_version": rel.version, "report_date": rel.date}
    recs = records.records(run, rel)
    params = [{"name": p.name, "kind": p.kind, "value": p.value, "unit": p.unit, "low": p.low, "high": p.high,
               "dist": p.dist, "source": p.source, "basis": p.basis, **stamp} for p in run.params.values()]
    return {"claims.json": (report.to_json(recs) + "\n").encode("utf-8"),
            "claims.csv": records.to_csv(recs).encode("utf-8"),
            "claims.jsonld": publication.jsonld_document(claim_reviews(run, rel, recs)).encode("utf-8"),
            "parameters.json": (report.to_json(params) + "\n").encode("utf-8"),
            "references.bib": bibliography.bibtex(run.registry).encode("utf-8"),
            "report.bib": bibliography.report_entry(rel).encode("utf-8")}


def claim_reviews(run: report.Run, rel: release.Release,
                  recs: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One ClaimReview per claim record (``recs``, when the caller already has them)."""
    return [publication.claim_review(rec, run.registry, rel) for rec in recs or records.records(run)]


def page_heads(run: report.Run, rel: release.Release) -> dict[str, str]:
    """Sphinx docname -> the ClaimReview JSON-LD of the claims that page discusses."""
    recs = records.records(run)
    by_page: dict[str, list[dict[str, Any]]] = {}
    for review, rec in zip(claim_reviews(run, rel, recs), recs):
        by_page.setdefault("notebooks/" + rec["page"].split(".html")[0], []).append(review)
    return {doc: publication.jsonld_script(reviews) for doc, reviews in by_page.items()}


def write_downloads(run: report.Run, folder: Path, rel: release.Release | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in downloads(run, rel or release.current()).items():
        (folder / name).write_bytes(data)


JOURNAL = "publish.json"
"""In the build folder while :func:`_publish` moves things into place: what it moved aside, so
that the next build can finish or undo the moves of one that was killed between them."""


def _aside(dest: Path) -> Path:
    """Where the previous copy of ``dest`` waits (same folder, so a rename) until the new one is in."""
    return dest.with_name(f".{dest.name}.replaced")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


def _publish(pairs: list[tuple[Path, Path]], build_root: Path) -> None:
    """Move each new folder or file onto its destination (the book; the archive), all or none.

    The previous copies are renamed aside first, so each move is two renames. Signals wait
    until the moves are done; one that arrived meanwhile undoes them all, so that an
    interrupted build leaves every previous copy as it was. Only then are the copies aside
    deleted: the build is complete."""
    journal = build_root / JOURNAL
    with SIGNALS.deferred():
        buildcache.write_atomic(journal, json.dumps([[str(d), str(_aside(d))] for _, d in pairs]).encode())
        phase("publish")
        undo: list[tuple[Path, Path]] = []  # (from, to) renames that put things back
        try:
            for new, dest in pairs:
                dest.parent.mkdir(parents=True, exist_ok=True)
                if dest.exists() or dest.is_symlink():
                    os.replace(dest, _aside(dest))
                    undo.append((_aside(dest), dest))
                os.replace(new, dest)
                undo.append((dest, new))
            phase("published")
            SIGNALS.raise_pending()
        except BaseException:
            for src, dst in reversed(undo):
                os.replace(src, dst)
            journal.unlink(missing_ok=True)
            raise
        SIGNALS.committed = True
        for _, dest in pairs:
            _remove(_aside(dest))
        journal.unlink(missing_ok=True)


def _finish_publish(build_root: Path) -> list[str]:
    """What a build killed while publishing left (we hold the lock): a destination missing but
    aside gets its previous copy back; a copy aside of one that is in place is deleted."""
    journal = build_root / JOURNAL
    try:
        entries = json.loads(journal.read_text())
    except (OSError, ValueError):
        return []
    done = []
    for dest, aside in (map(Path, e) for e in entries):
        if aside.exists() or aside.is_symlink():
            if dest.exists() or dest.is_symlink():
                _remove(aside)
            else:
                os.replace(aside, dest)
            done.append(aside.name)
    journal.unlink(missing_ok=True)
    return done


def build_dir() -> Path:
    """Where the cache, the work folder, stages and the lock live: ``_build`` in the project,
    or ``$ANALYSIS_BUILD_DIR`` (the tests use their own, so they never share a cache with you)."""
    return Path(os.environ.get("ANALYSIS_BUILD_DIR") or PROJECT_DIR / "_build").resolve()


def read_by(given: dict[str, Any], reads: list[str]) -> dict[str, Any]:
    """The overrides a page's injected-parameters cell records: those of the parameters it read
    (all of them for a page that read the whole set). The page's output depends on nothing
    else, so re-running its source with these gives the same page, and a page that does not
    read a changed parameter stays byte-for-byte the same (Sphinx need not re-read it)."""
    from ..checking.footprint import ALL

    return dict(given) if ALL in reads else {k: v for k, v in given.items() if k in reads}


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived during a build. Like :class:`KeyboardInterrupt`, not an
    :class:`Exception`: no ``except Exception`` on the way (Sphinx's, a kernel shutdown's) can
    turn it into an error or swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.status = 128 + signum


class _Signals:
    """SIGINT and SIGTERM raise :class:`Interrupted` in the main thread, except inside
    :meth:`deferred` (stopping kernels, removing the stage, publishing), which must not be cut
    in half: there the signal waits and is raised as the section ends."""

    def __init__(self) -> None:
        self.pending: int | None = None
        self.depth = 0
        self.committed = False  # the new book is in place (a later signal cannot undo that)

    def handler(self, signum: int, _frame: Any) -> None:
        if self.depth:
            self.pending = self.pending or signum
            return
        raise Interrupted(signum)

    def raise_pending(self) -> None:
        if self.pending:
            signum, self.pending = self.pending, None
            raise Interrupted(signum)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if not self.depth:
                self.raise_pending()  # replaces an error in flight: the user asked to stop

    @contextlib.contextmanager
    def raising(self) -> Iterator[None]:
        """Install the handlers for a build (main thread only)."""
        self.pending, self.depth, self.committed = None, 0, False
        old = {s: signal.signal(s, self.handler) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for s, h in old.items():
                signal.signal(s, h)


SIGNALS = _Signals()

SIGNAL_HOOK = "ANALYSIS_BUILD_SIGNAL_AT"
"""Tests only: ``PHASE:SIGNAME`` (``executed:SIGTERM``) makes the build send itself that signal
as it reaches that phase, so that a test can interrupt it at an exact point."""


def phase(name: str) -> None:
    """A named point of the build, for :data:`SIGNAL_HOOK`: in order, ``locked``,
    ``kernels-started``, ``monte-carlo``, ``downloads``, ``executing``, ``sphinx-ready``, ``executed``, ``kernels-stopping``, ``kernels-stopped``,
    ``sphinx``, ``sphinx-writing``, ``sphinx-done``, ``staged``, ``publish``, ``published``, ``done``."""
    if os.environ.get(TIMES_HOOK):  # the bench's breakdown: seconds since the process started
        print(f"  phase {name} {time.perf_counter() - _T_START:.2f} s", file=sys.stderr, flush=True)
    at, _, signame = os.environ.get(SIGNAL_HOOK, "").partition(":")
    if at == name:
        os.kill(os.getpid(), getattr(signal, signame or "SIGTERM"))


TIMES_HOOK = "ANALYSIS_BUILD_TIMES"
_T_START = time.perf_counter()


@contextlib.contextmanager
def _lock(build_root: Path) -> Iterator[None]:
    """One build at a time per project (a second one fails with one line)."""
    build_root.mkdir(parents=True, exist_ok=True)
    if not (build_root / BUILD_MARKER).is_file():
        (build_root / BUILD_MARKER).write_text(BUILD_MARKER_TEXT, encoding="utf-8")
    with open(build_root / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError("another build of this book is running") from None
        yield


class BuildError(RuntimeError):
    """A build failed; the message is one line."""


def remove_debris(build_root: Path, output: Path) -> list[str]:
    """What a killed build left (we hold the lock): stage folders in the build folder, and a
    publication cut short (:func:`_finish_publish`)."""
    gone = []
    for leftover in build_root.glob("stage-*"):
        shutil.rmtree(leftover, ignore_errors=True)
        gone.append(leftover.name)
    return gone + _finish_publish(build_root)


# --- what a command may replace ----------------------------------------------------------------

"""In every book a build writes: a first line naming the project, then every file of the book.
A later build replaces the folder only while it holds nothing else."""
MARKER_HEAD = ("factcheck-analysis: a book written by python -m analysis build, which replaces this "
               "folder only while it holds no files but these:\n")
BUILD_MARKER = ".factcheck-build"
BUILD_MARKER_TEXT = ("factcheck-analysis: the build's cache and working folders "
                     "(python -m analysis build; ANALYSIS_BUILD_DIR)\n")
WORKING = ("cache", "work", "work-de", ".lock", JOURNAL)  # and stage-*: what the build writes and deletes there
SOURCE_TREES = ("analysis", "data", "book", "notebooks", "params", "tests", ".git")
OS_LITTER = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})  # file browsers' own, not a user's


class UnsafePath(ValueError):
    """A path a command would replace or write holds what it did not write; one line."""


def write_marker(html: Path) -> None:
    """List every file of a book about to be published in its :data:`MARKER`."""
    files = sorted(rel for rel in _entries(html) if rel != MARKER)
    (html / MARKER).write_text(MARKER_HEAD + "".join(f"{f}\n" for f in files), encoding="utf-8")


def _entries(folder: Path) -> list[str]:
    """Every file and link under ``folder`` (links not followed), relative, with ``/``."""
    found = []
    for top, dirs, files in os.walk(folder):
        base = Path(top)
        links = [d for d in dirs if (base / d).is_symlink()]
        found += [(base / f).relative_to(folder).as_posix() for f in (*files, *links)]
    return found


def _listed(marker: Path) -> set[str] | None:
    """The files a book's marker lists, or None if it is not this project's marker."""
    if marker.is_symlink() or not marker.is_file():
        return None
    try:
        text = marker.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith(MARKER_HEAD):
        return None
    return set(text[len(MARKER_HEAD):].splitlines())


def _some(names: list[str]) -> str:
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _forbidden(path: Path) -> str | None:
    """Why no command may replace, fill or delete ``path`` whatever it holds (None if it may)."""
    home = Path.home().resolve()
    if path == Path(path.anchor):
        return f"is the root folder {path.anchor}"
    if path == home:
        return "is the home folder"
    if home.is_relative_to(path):
        return "contains the home folder"
    if path == PROJECT_DIR:
        return "is the project folder"
    if PROJECT_DIR.is_relative_to(path):
        return "contains the project folder"
    if path.is_relative_to(PROJECT_DIR) and path.relative_to(PROJECT_DIR).parts[0] in SOURCE_TREES:
        return f"is inside {path.relative_to(PROJECT_DIR).parts[0]}/, which the build reads"
    return None


def _unwritable(path: Path) -> str | None:
    """Why ``path`` cannot be created or renamed (its nearest existing folder is a file, or not
    writable), so that the build fails before it starts rather than after its work."""
    probe = path.parent
    while not (probe.exists() or probe.is_symlink()) and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is a file, not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is not writable"
    return None


def _not_ours(path: Path, legacy: bool, ours: Any) -> str | None:
    """Why the existing ``path`` is not something this project's build wrote (None if it is,
    is empty, or does not exist). ``ours(folder)`` returns the unknown entries of a folder, or
    None if the folder carries no marker of ours; ``legacy``: an earlier version recorded it."""
    if not (path.exists() or path.is_symlink()):
        return None
    if not path.is_dir():
        return "is a file, not a folder"
    entries = sorted(e.name for e in path.iterdir())
    if not entries:
        return None
    unknown = ours(path)
    if unknown == []:
        return None
    if unknown is None:
        if legacy:
            return None
        return f"holds files that no build of this project wrote ({_some(entries)})"
    return f"holds files that no build of this project wrote ({_some(unknown)})"


def _book_unknown(folder: Path) -> list[str] | None:
    listed = _listed(folder / MARKER)
    if listed is None:
        return None
    return sorted(rel for rel in _entries(folder)
                  if rel != MARKER and rel not in listed and rel.rsplit("/", 1)[-1] not in OS_LITTER)


def _build_root_unknown(folder: Path) -> list[str] | None:
    """Nothing unknown in a build folder a build made, or in one that holds only books a build
    wrote (``_build`` holding ``html`` built with the build folder elsewhere)."""
    if (folder / BUILD_MARKER).is_file():
        return []
    entries = sorted(folder.iterdir())
    if all(e.is_dir() and not e.is_symlink() and _listed(e / MARKER) is not None for e in entries):
        return []
    return None


def _label(option: str, given: str, path: Path) -> str:
    return f"{option} {given}" + (f" ({path})" if given != str(path) else "")


def check_build_root(build_root: Path) -> None:
    """The build folder (``_build``, or ``$ANALYSIS_BUILD_DIR``) may be used: it does not exist, is
    empty, or a build made it; never the project or a folder holding it, home or ``/``."""
    env = os.environ.get("ANALYSIS_BUILD_DIR")
    label = (f"ANALYSIS_BUILD_DIR={env}" + (f" ({build_root})" if env != str(build_root) else "")
             if env else f"the build folder {build_root}")
    legacy = (build_root / "cache" / "published.json").is_file() or (build_root / "cache" / "notebooks").is_dir()
    reason = (_forbidden(build_root) or _unwritable(build_root)
              or _not_ours(build_root, legacy, _build_root_unknown))
    if reason:
        raise UnsafePath(f"{label}: {reason}; nothing was changed")


def check_output(out: Path, given: str, build_root: Path, dist: Path | None = None) -> None:
    """``--output`` may be replaced (module docstring); else :class:`UnsafePath`, one line."""
    label = _label("--output", given, out)
    reason = _forbidden(out) or _unwritable(out)
    if reason is None and (build_root == out or build_root.is_relative_to(out)):
        reason = f"contains the build's working folders ({build_root})"
    if reason is None and out.is_relative_to(build_root):
        first = out.relative_to(build_root).parts[0]
        if first in WORKING or first.startswith("stage-"):
            reason = f"is inside the build's working folder {build_root / first}"
    if reason is None and dist is not None and (dist == out or dist.is_relative_to(out)):
        reason = f"{'is' if dist == out else 'contains'} {dist}, where --archive writes"
    if reason is None and (_aside(out).exists() or _aside(out).is_symlink()) \
            and not _finished_aside(build_root, _aside(out)):
        reason = f"{_aside(out).name} next to it is in the way (it is not the build's; move it)"
    if reason is None:
        published = buildcache.Cache(build_root / "cache").published(out) is not None
        reason = _not_ours(out, published, _book_unknown)
    if reason:
        raise UnsafePath(f"{label}: {reason}; nothing was changed")


def _finished_aside(build_root: Path, aside: Path) -> bool:
    """``aside`` is a previous copy a killed build left while publishing (the journal says so)."""
    try:
        return any(Path(a) == aside for _, a in json.loads((build_root / JOURNAL).read_text()))
    except (OSError, ValueError, TypeError):
        return False


def check_archive(dist: Path, rel: release.Release) -> Path:
    """``--archive`` may write ``dist/<name>-<version>.tar.gz``: ``dist`` is a folder (or absent)
    and the archive does not exist or is one this project wrote. Returns the archive's path."""
    from ..book.archive import archive_path, is_own_archive

    target = archive_path(dist, rel)
    label = f"--archive {target}"
    reason = _forbidden(dist) or _unwritable(target)
    if reason is None and (dist.exists() or dist.is_symlink()) and not dist.is_dir():
        reason = f"{dist} is a file, not a folder"
    if reason is None and (target.exists() or target.is_symlink()):
        if target.is_symlink() or not target.is_file():
            reason = "exists and is not a file"
        elif not is_own_archive(target, rel):
            reason = "exists and is not an archive this project wrote"
    if reason is None and (_aside(target).exists() or _aside(target).is_symlink()) \
            and not _finished_aside(build_dir(), _aside(target)):
        reason = f"{_aside(target).name} next to it is in the way (it is not the build's; move it)"
    if reason:
        raise UnsafePath(f"{label}: {reason}; nothing was changed")
    return target


_STEMS: dict[str, str] = {}


def _memoise_english_stemmer(cache_dir: Path | None = None) -> Path | None:
    """Sphinx's search index stems every word of every page again (it memoises per page only).
    The Porter stemmer is a pure function: its results are kept for the process and, between
    builds, in ``cache_dir`` (per Sphinx and stemmer version). Returns that file."""
    from importlib.metadata import version

    from sphinx.search.en import SearchEnglish

    if not getattr(SearchEnglish.stem, "memoised", False):
        stem = SearchEnglish.stem

        def memoised(self: Any, word: str) -> str:
            if word not in _STEMS:
                _STEMS[word] = stem(self, word)
            return _STEMS[word]

        memoised.memoised = True  # type: ignore[attr-defined]
        SearchEnglish.stem = memoised
    if cache_dir is None:
        return None
    path = cache_dir / f"stems-{version('sphinx')}-{version('snowballstemmer')}.pickle"
    try:
        _STEMS.update(pickle.loads(path.read_bytes()))
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    return path


class JupyterBook:
    """Jupyter Book's Sphinx build of the work folder, in this process.

    Created while the kernels execute (loading extensions and the previous build's environment
    takes about a second); :meth:`build` then reads only the pages whose files changed. The same
    configuration as ``jupyter-book build WORK``, writing the HTML to ``outdir``.
    """

    def __init__(self, work: Path, rel: release.Release, heads: dict[str, str] | None = None,
                 inputs: str = "", cache_dir: Path | None = None, lang: str = "en", pdf: str = "") -> None:
        import io

        from jupyter_book.config import get_final_config
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace, patch_docutils

        config, _meta = get_final_config(
            user_yaml=work / "_config.yml", sourcedir=work, use_external_toc=True,
            cli_config={"external_toc_path": (work / "_toc.yml").as_posix(), "latex_individualpages": False})
        self._stems = _memoise_english_stemmer(cache_dir)
        self._known_stems = len(_STEMS)
        theme = config.setdefault("html_theme_options", {})
        with edition(lang):
            edition_config(config, lang)
            theme["extra_footer"] = (f"{theme.get('extra_footer', '')}<p>"
                                     + _e(say("theme.version", title=rel.title, version=rel.version, day=rel.day or rel.date))
                                     + "</p>")
        self.lang = lang
        self.html = work / "_build" / "html"
        self.config, self.rel = config, rel
        heads = heads or {}
        state = json.dumps({"config": config, "toc": (work / "_toc.yml").read_text(encoding="utf-8"),
                            "inputs": inputs}, sort_keys=True, default=str)
        old_heads = _previous_pages(self.html, state)
        self.log = io.StringIO()
        self._scope = contextlib.ExitStack()
        self._scope.enter_context(patch_docutils(str(work)))
        self._scope.enter_context(docutils_namespace())
        self.app = Sphinx(srcdir=str(work), confdir=None, outdir=str(self.html),
                          doctreedir=str(work / "_build" / ".doctrees"), buildername="html",
                          confoverrides=config, status=self.log, warning=self.log, freshenv=False,
                          warningiserror=False, parallel=1, keep_going=True)

        def on_page(_app: Any, pagename: str, _template: str, context: dict[str, Any], _doctree: Any) -> None:
            phase("sphinx-writing")
            if "body" in context:
                # docutils puts role="doc-biblioentry" (deprecated in DPUB-ARIA 1.1) inside its
                # role="list": axe rejects the list's children; they are list items
                context["body"] = publication.fill_release(context["body"], rel).replace(
                    'role="doc-biblioentry"', 'role="listitem"')
            links, visible = edition_links(pagename, lang)
            if pdf and pagename == _app.config.root_doc:  # the print edition, from the landing page
                depth = "../" * pagename.count("/")
                visible += (f'<p class="pdf-link"><a href="{_e(depth + pdf)}" download>'
                            f'{_e(say("pdf.link", lang))}</a></p>\n')
            context["metatags"] = context.get("metatags", "") + (heads or {}).get(pagename, "") + links
            if "body" in context:
                context["body"] = visible + context["body"]

        self.app.connect("html-page-context", on_page)
        # a page whose ClaimReview changed is written again even if its source did not change;
        # so is the root page, so that Sphinx always runs its finishing steps (theme assets)
        root = self.app.config.root_doc
        self.app.connect("env-get-outdated", lambda _app, env, *_: sorted(
            {root} | {d for d in env.all_docs if heads.get(d, "") != old_heads.get(d, "")}))
        _index_every_page(self.app.builder)
        self._record = (state, heads)

    def close(self) -> None:
        """Leave the docutils state this build set up (without building)."""
        self._scope.close()

    def build(self) -> str:
        """Build; return a one-line summary, or raise BuildError naming the first error."""
        try:
            with self._scope:
                self.app.build(False, [])
        except Exception as exc:  # noqa: BLE001 (Sphinx raises many kinds)
            raise BuildError(f"jupyter-book failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}") from None
        log = re.sub(r"\x1b\[[0-9;]*m", "", self.log.getvalue()).splitlines()
        errors = [ln.strip() for ln in log if "ERROR" in ln]
        if self.app.statuscode != 0 or errors:
            raise BuildError(f"jupyter-book failed: {errors[0] if errors else 'status ' + str(self.app.statuscode)}")
        for line in [ln for ln in log if "WARNING" in ln][:10]:
            print(f"  {line.strip()}", flush=True)
        if self._stems is not None and len(_STEMS) > self._known_stems:
            buildcache.write_atomic(self._stems, pickle.dumps(dict(sorted(_STEMS.items())), protocol=4))
        state, heads = self._record
        (self.html / PAGES_STATE).write_text(json.dumps({"state": state, "heads": heads}, sort_keys=True),
                                             encoding="utf-8")
        return f"build succeeded, {len(self.app.env.all_docs)} pages"


PAGES_STATE = ".pages-state.json"


def single_page(jb: "JupyterBook") -> Path:
    """The edition of ``jb`` (already built) as one HTML page, for printing: Sphinx's
    ``singlehtml`` builder on the same sources and doctrees. Returns the page's path."""
    import io

    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    work = jb.html.parent.parent
    out = work / "_build" / "singlehtml"
    shutil.rmtree(out, ignore_errors=True)
    log = io.StringIO()
    with patch_docutils(str(work)), docutils_namespace():
        app = Sphinx(srcdir=str(work), confdir=None, outdir=str(out), doctreedir=str(work / "_build" / ".doctrees"),
                     buildername="singlehtml", confoverrides=jb.config, status=log, warning=log,
                     freshenv=False, warningiserror=False, parallel=1, keep_going=True)
        app.connect("html-page-context", lambda _a, _p, _t, context, _d: context.update(
            body=publication.fill_release(context["body"], jb.rel)) if "body" in context else None)
        try:
            app.build(False, [])
        except Exception as exc:  # noqa: BLE001 (Sphinx raises many kinds)
            raise BuildError(f"the single-page edition failed: {type(exc).__name__}: {exc}") from None
    # the builder writes the page under the root document's name ("book/intro.html") but links
    # its assets as from the top of the folder: the page is read from there
    page = out / "print.html"
    shutil.copyfile(out / f"{app.config.root_doc}.html", page)
    return page


def _previous_pages(html: Path, state: str) -> dict[str, str]:
    """Keep last build's pages for Sphinx to update when configuration, table of contents, code
    and data are the same (else start empty); the theme's assets always go (written again, they give the same
    bytes as in a clean build). Returns the ClaimReview heads the kept pages were written with."""
    try:
        saved = json.loads((html / PAGES_STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        saved = {}
    if saved.get("state") != state:
        shutil.rmtree(html, ignore_errors=True)
        return {}
    shutil.rmtree(html / "_static", ignore_errors=True)
    (html / PAGES_STATE).unlink()
    return saved.get("heads", {})


def _index_every_page(builder: Any) -> None:
    """Make Sphinx's search index the same as a clean build's when it writes only some pages.

    Sphinx would load last build's index and add the written pages, which loses index entries
    of the others; instead it starts empty and, before dumping, also reads the pages it did not
    write, so every page is indexed from its current doctree.
    """
    written: set[str] = set()
    serialized, dump = builder.write_doc_serialized, builder.dump_search_index

    def write_doc_serialized(docname: str, doctree: Any) -> None:
        written.add(docname)
        serialized(docname, doctree)

    def dump_search_index() -> None:
        env = builder.env
        for docname in sorted(set(env.all_docs) - written):
            title_node = env.longtitles.get(docname)
            title = builder.render_partial(title_node)["title"] if title_node else ""
            builder.index_page(docname, env.get_and_resolve_doctree(docname, builder), title)
        dump()

    builder.load_indexer = lambda _docnames: None
    builder.write_doc_serialized = write_doc_serialized
    builder.dump_search_index = dump_search_index


def _e(text: str) -> str:
    import html

    return html.escape(text, quote=True)


CHILDREN: list[int] = []  # forked edition builds still running (killed if the build stops)


def in_child(fn: Any) -> Any:
    """Run ``fn()`` in a forked process; return a function that waits for it and returns what
    ``fn`` returned (a failure there is a :class:`BuildError` here, with its one line)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: it stops at once on a signal; the parent cleans up
        os.close(r)
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_DFL)
        code = 0
        try:
            data = pickle.dumps(("ok", fn()))
        except BaseException as exc:  # noqa: BLE001 (reported to the parent, which raises it)
            data, code = pickle.dumps(("error", str(exc) or type(exc).__name__)), 1
        with os.fdopen(w, "wb") as fh:
            fh.write(data)
        os._exit(code)
    os.close(w)
    CHILDREN.append(pid)

    def wait() -> Any:
        with os.fdopen(r, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        CHILDREN.remove(pid)
        kind, value = pickle.loads(data) if data else ("error", "an edition's build stopped")
        if kind != "ok":
            raise BuildError(value)
        return value

    return wait


def stop_children() -> None:
    for pid in list(CHILDREN):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        CHILDREN.remove(pid)


class Edition:
    """One edition's share of a build: its work folder, release, files, downloads, heads, pages."""

    def __init__(self, lang: str, work: Path, rel: release.Release, files: dict[str, bytes],
                 offer: dict[str, bytes], heads: dict[str, str]) -> None:
        self.lang, self.work, self.rel, self.files, self.offer, self.heads = lang, work, rel, files, offer, heads
        self.pages: dict[str, bytes] = {}


def edition_release(rel: release.Release) -> release.Release:
    """The release as the edition being written names it (its title and author)."""
    import dataclasses

    if not say("book.title") or say("book.title") == rel.title:
        return rel
    import datetime as dt

    from ..text.wording import date_span

    try:
        day = date_span(dt.date.fromisoformat(rel.date), dt.date.fromisoformat(rel.date))
    except ValueError:  # "undated"
        day = rel.date
    return dataclasses.replace(rel, title=say("book.title"), author=say("book.author"), day=day)


def edition_config_file(data: bytes, lang: str) -> bytes:
    """``_config.yml`` for the edition in ``lang`` (the English one as it is)."""
    if lang == EDITIONS[0]:
        return data
    config = yaml.safe_load(data.decode("utf-8"))
    config["title"], config["author"] = say("book.title"), say("book.author")
    config.setdefault("html", {})["extra_footer"] = say("theme.footer")
    config.setdefault("sphinx", {}).setdefault("config", {})["language"] = lang
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False).encode("utf-8")


def edition_toc_file(data: bytes, lang: str) -> bytes:
    """``_toc.yml`` with its part captions in ``lang`` (``toc_captions`` of the catalog)."""
    from ..text.catalogs import catalog

    captions = catalog(lang).get("toc_captions") or {}
    if lang == EDITIONS[0] or not captions:
        return data
    toc = yaml.safe_load(data.decode("utf-8"))
    for part in toc.get("parts", []):
        part["caption"] = captions.get(part.get("caption"), part.get("caption"))
    return yaml.safe_dump(toc, allow_unicode=True, sort_keys=False).encode("utf-8")


def theme_words(html: Path, lang: str) -> None:
    """Put the theme's interface words that its own catalog leaves English, or words badly, in
    the edition's language (``theme.words`` of the catalog: English or machine-made -> ours)."""
    from ..text.catalogs import catalog

    words = catalog(lang).get("theme_words") or {}
    if not words:
        return
    for page in html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = text
        for old, ours in words.items():
            new = new.replace(old, ours)
        if new != text:
            page.write_text(new, encoding="utf-8")


def pdf_file(rel: release.Release, lang: str) -> str:
    from .pdf import file_name

    return file_name(rel.name, rel.version, lang)


def edition_folder(lang: str) -> str:
    """Where an edition's pages stand in the book: English at the top, others in ``<lang>/``."""
    return "" if lang == EDITIONS[0] else f"{lang}/"


def edition_config(config: dict[str, Any], lang: str) -> None:
    """Jupyter Book's final Sphinx configuration, set for the edition in ``lang``: its
    language (``<html lang>``, the search's stemming), the book's title and the theme's words."""
    theme = config.setdefault("html_theme_options", {})
    config["language"] = lang
    if lang == EDITIONS[0]:
        return
    config["html_title"] = say("book.title")
    config["author"] = say("book.author")
    theme["search_bar_text"] = say("theme.search")
    theme["extra_footer"] = say("theme.footer")


def edition_links(pagename: str, lang: str) -> tuple[str, str]:
    """The ``hreflang`` alternates of a page and the visible switch to its other editions (the
    same page in each; ``edition-switch.js`` keeps the claim anchor the reader is at)."""
    depth = "../" * (pagename.count("/") + (0 if lang == EDITIONS[0] else 1))
    heads, links = [], []
    for other in EDITIONS:
        href = f"{depth}{edition_folder(other)}{pagename}.html"
        heads.append(f'<link rel="alternate" hreflang="{other}" href="{_e(href)}">')
        if other != lang:
            links.append(f'<a class="edition-link" href="{_e(href)}" hreflang="{other}" lang="{other}">'
                         f'{_e(say("book.language", other))}</a>')
    visible = (f'<nav class="edition-switch" aria-label="{_e(say("theme.editions", lang))}">'
               + " ".join(links) + "</nav>\n")
    return "\n".join(heads) + "\n", visible


def build(sets: list[str] | None, params_file: str | None, jobs: int = 2,
          output: str = "_build/html", use_cache: bool = True, archive: bool = False, pdf: bool = False) -> int:
    """Check, execute what changed, build, publish (with ``archive``, the release archive of the
    new book too, all or nothing). Returns a process exit status.

    Raises :class:`analysis.checking.params.ParamError` for bad parameters before any work starts; a path
    it may not write (:func:`check_paths`) is exit status 2 with one line, nothing changed.
    """
    t0 = time.perf_counter()
    with SIGNALS.raising():
        try:
            params, given = report.validate(sets, params_file)
            pdf = pdf or archive  # an archive always holds the print editions
            chromium = check_pdf() if pdf else None
            out = (PROJECT_DIR / output).resolve()
            build_root = build_dir()
            target = check_paths(out, output, build_root, archive)
            with _lock(build_root):
                removed = remove_debris(build_root, out)
                if removed:
                    print(f"Removed what an interrupted build left: {', '.join(sorted(removed))}", flush=True)
                phase("locked")
                status = _build_locked(params, given, out, build_root, max(1, jobs), use_cache, t0, target, chromium)
                phase("done")
                return status
        except UnsafePath as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except MissingTool as exc:
            print(f"error: {exc}; nothing was done", file=sys.stderr)
            return 2
        except Interrupted as exc:
            if SIGNALS.committed:
                print(f"interrupted by {exc} after the new book was in place; it is complete",
                      file=sys.stderr)
            else:
                print(f"interrupted by {exc}: kernels stopped, stage removed; the previous book is "
                      "left as it was", file=sys.stderr)
            return exc.status
        except BuildError as exc:
            print(f"error: {exc}; the previous book is left as it was", file=sys.stderr)
            return 1


def check_paths(out: Path, given: str, build_root: Path, archive: bool) -> Path | None:
    """Every path a build would write, checked before it writes any: the build folder, the
    output and (with ``archive``) the archive in ``dist/``; returns the archive's path."""
    dist = DIST_DIR.resolve()
    check_build_root(build_root)
    check_output(out, given, build_root, dist if archive else None)
    return check_archive(dist, release.current()) if archive else None


def _archive_beside(html: Path, target: Path) -> tuple[Path, int, int]:
    """The release archive of ``html`` written next to ``target`` under a temporary name (to
    be published with the book): (path, bytes, files)."""
    from ..book.archive import archive_bytes, write_beside

    data, count = archive_bytes(html, release.current())
    return write_beside(data, target), len(data), count


def check_pdf() -> str:
    """The Chromium ``--pdf`` prints with, or :class:`UnsafePath`-like refusal before any work."""
    from .pdf import PdfError, check

    try:
        return check()
    except PdfError as exc:
        raise MissingTool(str(exc)) from None


class MissingTool(RuntimeError):
    """A tool an option needs is missing (one line; nothing was done)."""


def _build_locked(params: dict[str, Any], given: dict[str, Any], out: Path, build_root: Path,
                  jobs: int, use_cache: bool, t0: float, archive: Path | None = None,
                  chromium: str | None = None) -> int:
    from .execute import ExecutionError, KernelPool, notebook_bytes, parameterized, with_parameters

    cache = buildcache.Cache(build_root / "cache")
    work = build_root / "work"
    notebooks = notebooks_in_toc()
    inputs = buildcache.inputs_digest(PROJECT_DIR)
    rel = release.current()
    book_key = buildcache.book_key(PROJECT_DIR, inputs, notebooks, params, out, rel) + ("-pdf" if chromium else "")
    packed: tuple[Path, int, int] | None = None
    if use_cache and cache.published(out) == book_key and (out / "index.html").is_file():
        print(f"Nothing changed since the last build: {out / 'index.html'} "
              f"({time.perf_counter() - t0:.2f} s)")
        if archive:
            try:
                packed = _archive_beside(out, archive)
                _publish([(packed[0], archive)], build_root)
            finally:
                if packed:
                    packed[0].unlink(missing_ok=True)
            print(f"Archive: {archive} ({packed[1]:,} bytes, {packed[2]} files)")
        return 0
    if not use_cache:
        for lang in EDITIONS:
            shutil.rmtree(work if lang == EDITIONS[0] else work.with_name(f"work-{lang}"), ignore_errors=True)
    hits = {nb: cache.notebook(buildcache.notebook_key(PROJECT_DIR / nb, inputs), params)
            for nb in notebooks} if use_cache else {}
    misses = longest_first([nb for nb in notebooks if hits.get(nb) is None], load())
    stage = Path(tempfile.mkdtemp(prefix="stage-", dir=build_root))
    pool = KernelPool(min(jobs, len(misses)), PROJECT_DIR, stage / "logs") if misses else None
    ok = False
    try:
        if pool:
            pool.start()  # kernels start and import while the cached pages and the Monte Carlo are done here
            phase("kernels-started")
        executed = {nb: with_parameters(hit[0], PROJECT_DIR / nb, {"overrides": read_by(given, hit[1])})
                    for nb, hit in hits.items() if hit is not None}
        run = report.run(overrides=given)
        phase("monte-carlo")
        print(f"{len(notebooks)} notebooks: {len(misses)} to execute"
              + (f" ({pool.size} kernels)" if pool else "") + f", {len(notebooks) - len(misses)} "
              f"from the cache; parameters changed: {', '.join(sorted(given)) or 'none'}", flush=True)

        def prepare() -> dict[str, Edition]:
            """Each edition's other files, downloads and ClaimReview heads, synced into its work
            folder (done here while the kernels execute the pages)."""
            common = buildcache.book_sources(PROJECT_DIR, BOOK_FILES)
            common[f"_static/{STATIC_BUNDLE}"] = vega_bundle(cache.root, reuse=use_cache)  # before Sphinx starts
            eds = {}
            for lang in EDITIONS:
                with edition(lang):
                    ed_rel = edition_release(rel)
                    files = {**common, "_config.yml": edition_config_file(common["_config.yml"], lang),
                             "_toc.yml": edition_toc_file(common["_toc.yml"], lang)}
                    offer, page_head = downloads(run, ed_rel), page_heads(run, ed_rel)
                files["references.bib"] = offer["references.bib"]
                ed_work = work if lang == EDITIONS[0] else work.with_name(f"work-{lang}")
                buildcache.sync_tree(ed_work, {k: v for k, v in files.items() if not k.endswith(".ipynb")},
                                     keep={"_build", "notebooks", "_static", "book"})
                eds[lang] = Edition(lang, ed_work, ed_rel, files, offer, page_head)
            phase("downloads")
            return eds

        if pool:
            runs = [run] + ([report.run()] if given else [])
            with open(stage / "runs.pickle", "wb") as fh:
                pickle.dump(runs, fh, protocol=pickle.HIGHEST_PROTOCOL)
            preload = (f"import analysis.checking.report, analysis.checking.store\n"
                       f"analysis.checking.report.preload({str(stage / 'runs.pickle')!r})\n"
                       + (f"analysis.checking.store.use({str(cache.root / 'store')!r}, {inputs!r})\n"
                          if use_cache else ""))

            def done(ex: Any) -> None:
                data = notebook_bytes(ex.notebook)
                cache.store_notebook(buildcache.notebook_key(PROJECT_DIR / ex.path, inputs),
                                     ex.footprint, data, params)
                executed[ex.path] = with_parameters(data, PROJECT_DIR / ex.path,
                                                    {"overrides": read_by(given, ex.footprint)})
                print(f"  {ex.path}  {ex.seconds:.1f} s", flush=True)

            try:
                pool.go([(nb, parameterized(PROJECT_DIR / nb, {"overrides": given})) for nb in misses], preload)
                phase("executing")
                eds = prepare()  # while the kernels work
                first = eds[EDITIONS[0]]
                jb = JupyterBook(work, rel, first.heads, inputs, cache.root if use_cache else None,
                                 pdf=pdf_file(rel, EDITIONS[0]) if chromium else "")  # while the kernels work
                phase("sphinx-ready")
                pool.collect(done)
                phase("executed")
            except ExecutionError as exc:
                raise BuildError(str(exc)) from None
            finally:
                with SIGNALS.deferred():  # a signal now waits until every kernel is stopped
                    phase("kernels-stopping")
                    pool.shutdown()
            phase("kernels-stopped")
        else:
            eds = prepare()
            first = eds[EDITIONS[0]]
            jb = JupyterBook(work, rel, first.heads, inputs, cache.root if use_cache else None,
                                 pdf=pdf_file(rel, EDITIONS[0]) if chromium else "")
        reg = load()
        try:
            for ed in eds.values():
                ed.pages = {nb: edition_notebook(executed[nb], PROJECT_DIR / nb, ed.lang, reg) for nb in notebooks}
        except EditionError as exc:
            raise BuildError(str(exc)) from None
        t1 = time.perf_counter()
        phase("sphinx")
        def edition_build(ed: Edition) -> tuple[str, tuple[Path, Path, str, str] | None, float]:
            """Build one edition into the stage (and its single page for the print edition)."""
            files = dict(ed.files)
            files.update(ed.pages)
            files.update({f"book/downloads/{name}": data for name, data in ed.offer.items()})
            changed = buildcache.sync_tree(ed.work, files, keep={"_build"})
            pdf_name = pdf_file(rel, ed.lang) if chromium else ""
            if ed.lang != EDITIONS[0]:
                jb.close()  # in the child: the English build's docutils registrations go first
            book = jb if ed.lang == EDITIONS[0] else JupyterBook(
                ed.work, ed.rel, ed.heads, inputs, cache.root if use_cache else None, lang=ed.lang, pdf=pdf_name)
            summary = book.build()
            line = (f"  jupyter-book ({ed.lang}) {time.perf_counter() - t1:.1f} s, {changed} source files "
                    f"changed ({summary})")
            target_html = stage / "html" / edition_folder(ed.lang)
            shutil.copytree(book.html, target_html, ignore=shutil.ignore_patterns(PAGES_STATE), dirs_exist_ok=True)
            if ed.lang != EDITIONS[0]:
                theme_words(target_html, ed.lang)
            if not chromium:
                return line, None, 0.0
            t2 = time.perf_counter()
            single = single_page(book)
            if ed.lang != EDITIONS[0]:
                theme_words(ed.work / "_build" / "singlehtml", ed.lang)
            from .pdf import title_page

            job = (single, target_html / pdf_name, ed.lang,
                   title_page(ed.lang, ed.rel.title, ed.rel.author, ed.rel.version, ed.rel.date))
            return line, job, time.perf_counter() - t2

        # the other editions build in forked processes while this one builds the English book
        waits = [(ed, in_child(lambda ed=ed: edition_build(ed))) for ed in list(eds.values())[1:]]
        results = [edition_build(eds[EDITIONS[0]])] + [wait() for _ed, wait in waits]
        prints = [job for _line, job, _s in results if job is not None]
        single_s = {job[2]: seconds for _line, job, seconds in results if job is not None}
        for line, _job, _s in results:
            print(line, flush=True)
        if prints:
            from .pdf import PdfError, print_pages

            try:
                done = print_pages(prints, chromium)
            except PdfError as exc:
                raise BuildError(f"the print edition failed: {exc}") from None
            for (_page, target, lang, _t), (seconds, size) in zip(prints, done):
                print(f"  PDF ({lang}) {single_s[lang] + seconds:.1f} s: {target.name}, {size:,} bytes", flush=True)
        phase("sphinx-done")
        write_marker(stage / "html")
        pairs = [(stage / "html", out)]
        if archive:
            packed = _archive_beside(stage / "html", archive)
            pairs.append((packed[0], archive))
        phase("staged")
        check_output(out, str(out), build_root)  # still nobody else's (it was when the build began)
        _publish(pairs, build_root)
        ok = True
        cache.set_published(out, book_key)
    finally:
        with SIGNALS.deferred():
            stop_children()
            if pool:
                pool.shutdown()
            shutil.rmtree(stage, ignore_errors=True)
            if packed:
                packed[0].unlink(missing_ok=True)
            if not ok:  # the work folders may be half-updated: the next build starts them afresh
                for lang in EDITIONS:
                    shutil.rmtree(work if lang == EDITIONS[0] else work.with_name(f"work-{lang}"), ignore_errors=True)
    print(f"Book built in {time.perf_counter() - t0:.1f} s: {out / 'index.html'}")
    if packed:
        print(f"Archive: {archive} ({packed[1]:,} bytes, {packed[2]} files)")
    return 0
