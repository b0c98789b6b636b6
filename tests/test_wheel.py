"""The wheel works without the repository: built, installed in a fresh venv, run from elsewhere.

The venv is made from the project venv's interpreter and sees the project venv's packages
through a ``.pth`` file (``venv --system-site-packages`` would show the base interpreter's, not
the project venv's), so that installing the wheel with ``--no-deps`` takes seconds. The ``.pth``
adds the folder only; the editable install's own ``.pth`` there is not run, so ``import argmine``
finds the installed copy, as each test checks.
"""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEED_TEXT

CHECKOUT_BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``(wheel, venv, site)``: the wheel built from a copy of the package files, and the venv it is installed in."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a copy, so that the build writes nothing into the checkout
    shutil.copytree(ROOT / "argmine", source / "argmine", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for folder in config["tool"]["setuptools"]["package-dir"].values():
        shutil.copytree(ROOT / folder, source / folder)
    pip = [sys.executable, "-m", "pip", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp / "dist"), str(source)], check=True, capture_output=True)
    (wheel,) = (tmp / "dist").glob("argmine-*.whl")
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([*pip, "--python", str(venv / "bin" / "python"), "install", "--no-deps", str(wheel)], check=True, capture_output=True)
    site = Path(subprocess.run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())  # fmt: skip
    (site / "project-venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return wheel, venv, site


def run(command, cwd, *args, stdin=None):
    """Run ``command`` from ``cwd`` with no model or path set in the environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("ARGMINE_MODEL", "PYTHONPATH")}
    env.update(HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1")
    return subprocess.run([str(command), *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True)


def test_the_wheel_holds_every_module_and_the_package_data(built):
    wheel, _, _ = built
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "argmine").rglob("*.py") if "__pycache__" not in p.parts}
    assert modules and modules <= names
    data = {
        "argmine/models/default/model.skops": ROOT / "models" / "default" / "model.skops",
        "argmine/models/default/fast.npz": ROOT / "models" / "default" / "fast.npz",
        "argmine/models/default/manifest.json": ROOT / "models" / "default" / "manifest.json",
        "argmine/models/segmenter/ar_argmine_tokenizer.pt": ROOT / "models" / "segmenter" / "ar_argmine_tokenizer.pt",
        "argmine/corpora/splits.json": ROOT / "corpora" / "splits.json",
        "argmine/export/labels.tsv": ROOT / "argmine" / "export" / "labels.tsv",
        "argmine/roles/vectors.npz": ROOT / "argmine" / "roles" / "vectors.npz",
    }
    data |= {f"argmine/lexicons/{p.name}": p for p in (ROOT / "argmine" / "lexicons").glob("*.tsv")}  # every word list
    with zipfile.ZipFile(wheel) as z:
        for name, original in data.items():
            assert z.read(name) == original.read_bytes(), name
    assert not [n for n in names if n.startswith(("argmine/corpora/src", "argmine/corpora/real"))]


def test_the_installed_copy_finds_its_files_in_the_package(built, tmp_path):
    _, venv, site = built
    code = (
        "import json, argmine, argmine.corpus.splits as c, argmine.segment.learned as s; "
        "print(json.dumps([argmine.__file__, str(argmine.default_model_path()), str(c.SPLITS), str(s.DEFAULT_DIR)]))"
    )
    p = run(venv / "bin" / "python", tmp_path, "-c", code)
    assert p.returncode == 0, p.stderr
    found = [Path(x) for x in json.loads(p.stdout)]
    assert found[0] == site / "argmine" / "__init__.py"
    assert found[1:] == [site / "argmine" / "models" / "default", site / "argmine" / "corpora" / "splits.json", site / "argmine" / "models" / "segmenter"]
    assert all(path.exists() for path in found)


def test_the_installed_command_annotates_like_the_checkout(built, tmp_path):
    _, venv, _ = built
    installed = run(venv / "bin" / "argmine", tmp_path, "annotate", str(SEED_TEXT), "--format", "json")
    checkout = run(CHECKOUT_BIN / "argmine", ROOT, "annotate", str(SEED_TEXT), "--format", "json")
    assert installed.returncode == 0 and checkout.returncode == 0, installed.stderr + checkout.stderr
    assert installed.stdout == checkout.stdout
    assert json.loads(installed.stdout)["links"]  # the learned model ran, not the rules alone


def test_the_installed_stats_and_stanza_segmenter_work(built, tmp_path):
    _, venv, _ = built
    corpus = str(ROOT / "corpora" / "argmine.jsonl")
    installed = run(venv / "bin" / "argmine", tmp_path, "stats", corpus)
    assert installed.returncode == 0 and installed.stdout == run(CHECKOUT_BIN / "argmine", ROOT, "stats", corpus).stdout
    assert "| test |" in installed.stdout  # the fixed split was found
    text = "قال الوزير إن الوضع مستقر. وربما انتهت الحملة."
    args = ("annotate", "-", "--segmenter", "stanza", "--format", "jsonl")
    installed = run(venv / "bin" / "argmine", tmp_path, *args, stdin=text)
    assert installed.returncode == 0, installed.stderr
    assert installed.stdout == run(CHECKOUT_BIN / "argmine", ROOT, *args, stdin=text).stdout
    assert len(json.loads(installed.stdout)["units"]) == 2


DASK_SCRIPT = """
import json, sys
from dask.distributed import Client, LocalCluster
import argmine
from argmine.batch import annotate_dask

if __name__ == "__main__":
    texts = [line for line in open(sys.argv[1], encoding="utf-8").read().splitlines() if line.strip()][:12]
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, Client(cluster) as client:
        files = sorted(set(client.run(lambda: __import__("argmine").__file__).values()))
        workers = [d.to_dict() for d in annotate_dask(texts, client)]
    print(json.dumps({"files": files, "same": workers == [argmine.annotate(t).to_dict() for t in texts], "n": len(texts)}))
"""


def test_dask_workers_run_the_installed_package_and_give_the_clients_output(built, tmp_path):
    _, venv, site = built
    (tmp_path / "dask_check.py").write_text(DASK_SCRIPT, encoding="utf-8")
    p = run(venv / "bin" / "python", tmp_path, "dask_check.py", str(SEED_TEXT))
    assert p.returncode == 0, p.stderr[-2000:]
    result = json.loads(p.stdout.strip().splitlines()[-1])
    assert result == {"files": [str(site / "argmine" / "__init__.py")], "same": True, "n": 12}
