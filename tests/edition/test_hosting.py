"""Hosting on Read the Docs: .readthedocs.yaml is valid against Read the
Docs' published schema, installs what `make` installs, and its commands
build the site and the PDF where Read the Docs collects them."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess

import jsonschema
import yaml
from support.paths import DATA, PDF_NAME
from support.paths import REPO as ROOT

CONFIG = ROOT / ".readthedocs.yaml"
#: Read the Docs' configuration schema, version 2, as published in
#: readthedocs/readthedocs.org (readthedocs/rtd_tests/fixtures/spec/v2/schema.json)
SCHEMA = DATA / "readthedocs-v2.schema.json"


def config() -> dict:
    return yaml.safe_load(CONFIG.read_text(encoding="utf-8"))


def system_packages() -> list[str]:
    """The packages tools/system-deps.sh installs (what `make` needs)."""
    script = (ROOT / "tools" / "system-deps.sh").read_text(encoding="utf-8")
    block = re.search(r"^PACKAGES=\((.*?)^\)", script, re.S | re.M).group(1)
    lines = [line.split("#")[0] for line in block.splitlines()]
    return " ".join(lines).split()


def test_config_is_valid_against_the_published_schema():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(config()), key=str)
    assert errors == [], [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]


def test_a_broken_config_fails_the_schema():
    """The check can fail: a misspelt key and an unknown OS are reported."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    broken = config()
    broken["build"]["os"] = "debian-12"
    broken["sphinx"] = {"configuraton": "conf.py"}
    messages = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(broken)]
    assert any("debian-12" in m for m in messages)
    assert any("configuraton" in m for m in messages)


def test_same_python_and_packages_as_make():
    cfg = config()
    pinned_on = re.search(
        r"resolved together on Python (\d+\.\d+)",
        (ROOT / "requirements.txt").read_text(encoding="utf-8"),
    ).group(1)
    assert cfg["build"]["tools"]["python"] == pinned_on
    # the PDF's TeX and fonts; the test-only tools (browser, poppler) stay out
    needed = [p for p in system_packages() if p not in {"poppler-utils", "chromium"}]
    assert cfg["build"]["apt_packages"] == needed
    assert "python -m pip install --no-cache-dir -r requirements.txt" in cfg["build"]["commands"]


def test_commands_build_the_site_and_the_pdf(tmp_path):
    """Run the configuration's build commands (all but the pip install, done
    here already) on a copy of the sources, as Read the Docs would, and find
    the site and the PDF in $READTHEDOCS_OUTPUT, addressed from the project's
    canonical address."""
    work = tmp_path / "checkout"
    for name in ("conf.py", "requirements.txt"):
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, work / name)
    for folder in ("docs", "postarchive", "tools", "sources"):
        shutil.copytree(ROOT / folder, work / folder, ignore=shutil.ignore_patterns("__pycache__"))
    output = tmp_path / "rtd-output"
    canonical = "https://agile-archive.readthedocs.io/en/latest/"
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"BUILDDIR", "SPHINXOPTS", "ARCHIVE_BASEURL", "MAKEFLAGS"}
        },
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": canonical,
        "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
    }
    for command in config()["build"]["commands"]:
        if shlex.split(command)[:3] == ["python", "-m", "pip"]:
            continue
        proc = subprocess.run(
            ["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True, timeout=1800
        )
        assert proc.returncode == 0, f"{command}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    assert (output / "html" / "index.html").is_file()
    # the whole book and a volume per year (posts of unknown date: "-undated")
    stem = PDF_NAME.removesuffix(".pdf")
    names = sorted(p.name for p in (output / "pdf").iterdir())
    assert names == [f"{stem}-2016.pdf", f"{stem}-undated.pdf", PDF_NAME], names
    assert (output / "pdf" / PDF_NAME).read_bytes().startswith(b"%PDF")
    index = (output / "html" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{canonical}index.html" />' in index
    assert f"<loc>{canonical}glossary.html</loc>" in (output / "html" / "sitemap.xml").read_text()
    notfound = (output / "html" / "404.html").read_text(encoding="utf-8")
    assert 'href="/en/latest/glossary.html"' in notfound
