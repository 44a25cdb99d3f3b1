"""A Debian package of the frozen program: dist/cxdesk (PyInstaller) → dist/cxdesk_<v>_<arch>.deb.

    python packaging/cxdesk_deb.py [--bundle dist/cxdesk] [--out dist] [--keep DIR]

packaging/build_deb.sh installs the tools and calls this. What the package holds:

    /opt/cxdesk/                        the one-folder program, as PyInstaller made it
    /usr/bin/cxdesk                     a link to /opt/cxdesk/cxdesk (the bootloader finds its
                                        folder through /proc/self/exe, so a link is enough)
    /usr/share/applications/cxdesk.desktop, /usr/share/icons/hicolor/*/apps/cxdesk.{png,svg}
    /usr/share/man/man1/cxdesk.1.gz     the program's own --help
    /usr/share/doc/cxdesk/              copyright, changelog.gz
    /usr/share/lintian/overrides/cxdesk what a PyInstaller bundle cannot help (with reasons)

Depends comes from dpkg-shlibdeps over every ELF file in the folder: libraries the folder
brings itself are listed in debian/shlibs.local with no dependency, so they add nothing; every
other library is a system package's and becomes a dependency.
Files are owned by root (dpkg-deb --root-owner-group), so no fakeroot is needed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from email.utils import formatdate
from pathlib import Path

import cxdesk_bundle as bundle

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
MAINTAINER = "ClusterXchange <clusterXchange@clustercollaboration.eu>"
HOMEPAGE = "https://www.clustercollaboration.eu/"
SUMMARY = "desk for ClusterXchange coordinators"
# The packages behind libraries the program loads by name (dlopen), which dpkg-shlibdeps cannot
# see in any ELF header: Qt's GL/EGL front, and the fonts Qt's fontconfig asks for.
EXTRA_DEPENDS = ("libgl1", "libegl1", "fontconfig")
# xz -3 packs the 230 MB folder to 66 MB in 45 s; xz -6 (dpkg's default) to 61 MB in 2 minutes
# on two cores. zstd would take 4 s, but lintian 2.116 (Debian 12) refuses a zstd package as
# malformed and checks nothing else.
COMPRESSION = ["-Zxz", "-z3"]


def _run(
    args: list[str | Path],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    check: bool = False,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, check=check, text=True, capture_output=True
    )


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as fh:
        return fh.read(4) == b"\x7fELF"


def is_executable_elf(path: Path) -> bool:
    """A program (it asks for an interpreter, PT_INTERP), not a shared library."""
    done = _run(["readelf", "-lW", path])
    return "Requesting program interpreter" in done.stdout


def copy_program(bundle_dir: Path, opt: Path) -> list[Path]:
    """The folder under opt/, rw-r--r-- but programs rwxr-xr-x; the ELF files copied."""
    # share/ is build.sh's copy of the desktop files for an unpackaged install: here they go
    # under /usr/share instead, once.
    shutil.copytree(bundle_dir, opt, symlinks=True, ignore=shutil.ignore_patterns("share"))
    elves = []
    for path in sorted(opt.rglob("*")):
        if path.is_symlink():
            continue
        if path.is_dir():
            path.chmod(0o755)
            continue
        mode = 0o644
        if is_elf(path):
            elves.append(path)
            if is_executable_elf(path):
                mode = 0o755
        path.chmod(mode)
    return elves


def tidy_libraries(elves: list[Path], program: Path) -> None:
    """What dh_strip and a clean RUNPATH would give: symbol tables stripped from the libraries,
    and search paths into the build machine (pyenv's /root/.pyenv/…/lib) removed. $ORIGIN
    paths stay: they are how the bundle finds its own libraries."""
    for path in elves:
        if path == program:  # its Python archive is appended to the ELF file: strip cuts it
            continue
        dynamic = _run(["readelf", "-dW", path]).stdout
        found = re.search(r"\((?:RUNPATH|RPATH)\).*\[(.*)\]", dynamic)
        if found:
            kept = [p for p in found.group(1).split(":") if p.startswith("$ORIGIN")]
            if kept != found.group(1).split(":"):
                change = ["--set-rpath", ":".join(kept)] if kept else ["--remove-rpath"]
                _run(["patchelf", *change, path], check=True)
        if ".symtab" in _run(["readelf", "-SW", path]).stdout:
            _run(["strip", "--strip-unneeded", "--remove-section=.comment",
                  "--remove-section=.note", path], check=True)  # fmt: skip


def soname(path: Path) -> str | None:
    dynamic = _run(["readelf", "-dW", path]).stdout
    found = re.search(r"\(SONAME\)\s+Library soname: \[(.+)\]", dynamic)
    return found.group(1) if found else None


def shlibs_local(elves: list[Path]) -> str:
    """debian/shlibs.local: each library the folder carries, mapped to no dependency at all.

    dpkg-shlibdeps takes the first copy of a library that some package vouches for: without
    this it would walk past the folder's copy (no package owns it) to the system's, and make a
    dependency of a library the program never loads."""
    lines = set()
    for path in elves:
        name = soname(path)
        # dpkg's own split of a soname: libfoo.so.1 → "libfoo 1", libfoo-1.2.so → "libfoo 1.2"
        split = name and (re.fullmatch(r"(.+)\.so\.(.+)", name)
                          or re.fullmatch(r"(.+)-(\d.*)\.so", name))  # fmt: skip
        if split:
            lines.add(f"{split.group(1)} {split.group(2)}\n")
    return "".join(sorted(lines))


def shlib_depends(elves: list[Path], work: Path) -> list[str]:
    """dpkg-shlibdeps' Depends for the ELF files; libraries in the folder itself excluded."""
    (work / "debian").mkdir(exist_ok=True)
    (work / "debian" / "control").write_text(
        "Source: cxdesk\n\nPackage: cxdesk\nArchitecture: any\n", encoding="utf-8"
    )
    (work / "debian" / "shlibs.local").write_text(shlibs_local(elves), encoding="utf-8")
    private = sorted({p.parent for p in elves})
    args: list[str | Path] = ["dpkg-shlibdeps", "-O", "--warnings=0"]
    args += [f"-l{d.relative_to(work)}" for d in private]
    args += [f"-e{p.relative_to(work)}" for p in elves]
    done = _run(args, cwd=work)
    if done.returncode != 0:
        missing = sorted(set(re.findall(r"cannot find library (\S+)", done.stderr)))
        if missing:
            raise SystemExit(
                "dpkg-shlibdeps cannot find these libraries on this machine, so cannot say which "
                f"packages they come from: {', '.join(missing)}. Install them (build_deb.sh "
                "does, as root) and build again."
            )
        raise SystemExit(f"dpkg-shlibdeps failed:\n{done.stderr[-3000:]}")
    line = next(x for x in done.stdout.splitlines() if x.startswith("shlibs:Depends="))
    depends = [d.strip() for d in line.split("=", 1)[1].split(",") if d.strip()]
    return depends


def merged_depends(found: list[str]) -> str:
    names = {re.split(r"[ (]", d)[0] for d in found}
    return ", ".join(sorted(found + [p for p in EXTRA_DEPENDS if p not in names]))


def gzipped(data: bytes) -> bytes:
    """gzip -9n: no name, no time, so the same input gives the same package."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def release_time() -> float:
    """SOURCE_DATE_EPOCH, else the last commit's time, else now: the changelog's date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return float(os.environ["SOURCE_DATE_EPOCH"])
    done = _run(["git", "log", "-1", "--format=%ct"], cwd=ROOT)
    stamp = done.stdout.strip() if done.returncode == 0 else ""
    return float(stamp) if stamp else time.time()


def changelog(version: str, when: float) -> str:
    return (
        f"cxdesk ({version}) unstable; urgency=medium\n\n"
        f"  * Release {version}: the one-folder program from PyInstaller, as a package.\n\n"
        f" -- {MAINTAINER}  {formatdate(when, usegmt=False)}\n"
    )


def manual_page(program: Path, version: str, when: float) -> str:
    """cxdesk.1 around the program's own --help, so the page never drifts from the program."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "QT_QPA_PLATFORM": "offscreen",
           "COLUMNS": "78", "HOME": tempfile.gettempdir()}  # fmt: skip
    text = _run([program, "--help"], env=env, check=True).stdout
    body = text.replace("\\", "\\e").replace("\n.", "\n\\&.").replace("\n'", "\n\\&'")
    day = time.strftime("%Y-%m-%d", time.gmtime(when))
    return (
        f'.TH CXDESK 1 "{day}" "cxdesk {version}" "User Commands"\n'
        f".SH NAME\ncxdesk \\- {SUMMARY}\n"
        ".SH SYNOPSIS\n.B cxdesk\n[\\fIOPTIONS\\fR] [\\fICOMMAND\\fR ...]\n"
        ".SH DESCRIPTION\nWith no command, cxdesk opens its window. "
        "Each command's options: \\fBcxdesk\\fR \\fICOMMAND\\fR \\fB\\-\\-help\\fR.\n"
        f".PP\n.nf\n{body}.fi\n"
        ".SH FILES\nThe database, backups, settings and log are kept in the user's data, "
        "configuration and log folders (XDG), or under \\fB$CXDESK_HOME\\fR when it is set.\n"
    )


def control(version: str, arch: str, depends: str, installed_kib: int) -> str:
    return (
        f"Package: cxdesk\nVersion: {version}\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\nDepends: {depends}\nSection: misc\n"
        f"Priority: optional\nHomepage: {HOMEPAGE}\n"
        f"Description: {SUMMARY}\n"
        " The desk of ClusterXchange coordinators of the European Cluster Partnerships:\n"
        " members, exchanges, calendar and funding, grant agreements as PDF, and the CSV\n"
        " packages exchanged with the central platform. It works offline on a local\n"
        " SQLite database, or on a shared PostgreSQL one.\n"
        " .\n"
        " The program is self-contained: Python, Qt and their libraries are in\n"
        " /opt/cxdesk.\n"
    )


def installed_size(tree: Path) -> int:
    """KiB as dpkg counts them: each file rounded up to 1 KiB, each directory and link 1."""
    total = 0
    for path in tree.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += (path.stat().st_size + 1023) // 1024
    return total


def md5sums(tree: Path) -> str:
    lines = []
    for path in sorted(tree.rglob("*")):
        inside = path.relative_to(tree)
        if path.is_file() and not path.is_symlink() and inside.parts[0] != "DEBIAN":
            digest = hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()
            lines.append(f"{digest}  {inside}\n")
    return "".join(lines)


def put(tree: Path, relative: str, data: bytes | str, mode: int = 0o644) -> Path:
    target = tree / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    target.chmod(mode)
    return target


def icons(tree: Path, work: Path) -> None:
    """hicolor PNGs and the SVG from resources/icons/cxdesk.svg (packaging/make_icons.py)."""
    made = work / "icons"
    done = _run([sys.executable, ROOT / "packaging" / "make_icons.py", made],
                env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})  # fmt: skip
    if done.returncode != 0:
        raise SystemExit(f"packaging/make_icons.py failed:\n{done.stdout}{done.stderr}")
    for path in sorted((made / "hicolor").rglob("cxdesk.*")):
        put(tree, f"usr/share/icons/{path.relative_to(made)}", path.read_bytes())


def build(bundle_dir: Path, out: Path, work: Path) -> Path:
    """Stage the package under work/debian/cxdesk, check it and write it into out/."""
    version = str(bundle.project(ROOT)["version"])
    arch = _run(["dpkg", "--print-architecture"], check=True).stdout.strip()
    when = release_time()
    tree = work / "debian" / "cxdesk"
    (tree / "DEBIAN").mkdir(parents=True)
    elves = copy_program(bundle_dir, tree / "opt" / "cxdesk")
    tidy_libraries(elves, tree / "opt" / "cxdesk" / "cxdesk")
    (tree / "usr" / "bin").mkdir(parents=True)
    (tree / "usr" / "bin" / "cxdesk").symlink_to("/opt/cxdesk/cxdesk")
    put(tree, "usr/share/applications/cxdesk.desktop", (LINUX / "cxdesk.desktop").read_bytes())
    icons(tree, work)
    put(tree, "usr/share/metainfo/eu.clusterxchange.cxdesk.metainfo.xml",
        (LINUX / "eu.clusterxchange.cxdesk.metainfo.xml").read_bytes())  # fmt: skip
    manual = manual_page(bundle_dir / "cxdesk", version, when).encode("utf-8")
    put(tree, "usr/share/man/man1/cxdesk.1.gz", gzipped(manual))
    put(tree, "usr/share/doc/cxdesk/copyright", (LINUX / "copyright").read_bytes())
    put(tree, "usr/share/doc/cxdesk/changelog.gz", gzipped(changelog(version, when).encode()))
    put(tree, "usr/share/lintian/overrides/cxdesk", (LINUX / "lintian-overrides").read_bytes())
    for path in tree.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)

    depends = merged_depends(shlib_depends(elves, work))
    put(tree, "DEBIAN/md5sums", md5sums(tree))
    put(tree, "DEBIAN/control", control(version, arch, depends, installed_size(tree)))
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"cxdesk_{version}_{arch}.deb"
    done = _run(["dpkg-deb", "--root-owner-group", *COMPRESSION, "--build", tree, deb])
    if done.returncode != 0:
        raise SystemExit(f"dpkg-deb failed:\n{done.stderr}")
    return deb


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "cxdesk")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--keep", type=Path, help="stage here and keep it (for a look inside)")
    args = parser.parse_args(argv)
    if not (args.bundle / "cxdesk").is_file():
        print(f"No frozen program at {args.bundle}/cxdesk: run bash packaging/build.sh first.",
              file=sys.stderr)  # fmt: skip
        return 1
    for tool in ("dpkg-deb", "dpkg-shlibdeps", "readelf", "strip", "patchelf"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: apt-get install dpkg-dev binutils patchelf", file=sys.stderr)
            return 1
    if args.keep:
        shutil.rmtree(args.keep, ignore_errors=True)
        args.keep.mkdir(parents=True)
        deb = build(args.bundle.resolve(), args.out.resolve(), args.keep.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="cxdesk-deb-") as work:
            deb = build(args.bundle.resolve(), args.out.resolve(), Path(work))
    print(deb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
