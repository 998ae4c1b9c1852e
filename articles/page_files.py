"""Which files an import reads, and the key each is stored under (Page.path): the file's path
relative to the project when it lies inside it."""

import functools
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

from articles.models import Page


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files named, and every non-hidden file below the folders named, in a stable order;
    and what was left out, with the reason.

    Symbolic links below a folder are followed only when they stay inside it: the import reads
    what the folder holds, not whatever a link points at. A file named directly is read as named.
    """
    files: list[Path] = []
    skipped: list[tuple[Path, str]] = []
    seen: set[Path] = set()

    def add(path: Path, resolved: Path | None = None) -> None:
        if (resolved := resolved or path.resolve()) not in seen:
            seen.add(resolved)
            files.append(path)

    for raw in paths:
        root = Path(raw)
        if not root.is_dir():
            add(root)
            continue
        real_root = root.resolve()
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            real_folder = None  # resolved once a folder, not once a file: a stat per path component
            for name in sorted(names) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
                path = Path(folder, name)
                if name.startswith("."):
                    continue
                if path.is_symlink():
                    if not path.resolve().is_relative_to(real_root):
                        skipped.append((path, "a symbolic link out of the import folder (not followed)"))
                    elif not path.is_dir():  # a link to a folder inside it: its files are listed already
                        add(path)
                else:
                    real_folder = real_folder or Path(folder).resolve()
                    add(path, real_folder / name)
    return files, skipped


def printable(path: Path | str) -> str:
    """A file name that can be printed and stored: bytes that are not UTF-8 shown as \\x escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def key_problem(key: str) -> str:
    """Why a file cannot be stored under this key, or ""."""
    if printable(key) != key:
        return "the file name is not valid UTF-8; rename the file"
    limit = Page._meta.get_field("path").max_length
    if len(key) > limit:
        return f"the file's path is {len(key)} characters long, over the {limit} a page can keep; move or rename it"
    return ""


def file_key(path: Path, folders: dict | None = None) -> str:
    """The key a file is stored under (a missing file keeps its name, for its error).

    `folders` keeps each folder's key prefix for the run: resolving every file's whole path (a stat
    per component) and making it relative cost more than reading and hashing an unchanged file."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return page_key(path) if path.exists() else str(path)
    if folders is None or stat.S_ISLNK(mode):
        return page_key(path)
    folder = str(path.parent)
    if folder not in folders:
        # The folder's own key, and the prefix its files' keys share ("" when it is the project itself).
        own = _relative_to_project(Path(folder).resolve())
        folders[folder] = "" if own == "." else own.rstrip("/") + "/"
    return folders[folder] + path.name


def page_key(path: Path) -> str:
    """How a file is named in the database: relative to the project when it lies inside it."""
    return _relative_to_project(path.resolve())


def _relative_to_project(resolved: Path) -> str:
    try:
        return str(resolved.relative_to(_project(str(settings.BASE_DIR))))
    except ValueError:
        return str(resolved)


@functools.lru_cache(maxsize=4)
def _project(base_dir: str) -> Path:
    return Path(base_dir).resolve()
