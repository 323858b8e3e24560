"""The deploy recipes, checked where the tools are not (no Docker engine, no PaaS here): the Dockerfile
parsed, its entrypoint and health check run for real, the buildpack files against pyproject.toml,
render.yaml's wiring, fly.toml against its published schema — and every recipe starting the processes
the Procfile starts."""

from __future__ import annotations

import json
import shlex
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from dockerfile_parse import DockerfileParser
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from tests.webhooks import processes

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SCHEMAS = ROOT / "tests" / "fixtures" / "schemas"
PROCFILE = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text(encoding="utf-8").splitlines() if line)
UNUSED_API = "http://127.0.0.1:9/api/v3"


def dockerfile() -> list[dict]:
    return DockerfileParser(path=str(ROOT / "Dockerfile")).structure


def final_stage(instructions: list[dict]) -> list[dict]:
    starts = [index for index, instruction in enumerate(instructions) if instruction["instruction"] == "FROM"]
    return instructions[starts[-1] :]


# --- Dockerfile -----------------------------------------------------------------------------------------


def test_the_image_is_slim_runs_as_a_user_and_checks_its_health() -> None:
    instructions = dockerfile()
    assert all(i["value"].split()[0].endswith("-slim") for i in instructions if i["instruction"] == "FROM")
    final = final_stage(instructions)
    users = [i["value"] for i in final if i["instruction"] == "USER"]
    assert users and users[-1] not in ("root", "0")
    health = [i["value"] for i in final if i["instruction"] == "HEALTHCHECK"]
    assert len(health) == 1 and "paper-triage health" in health[0]
    assert [json.loads(i["value"]) for i in final if i["instruction"] in ("ENTRYPOINT", "CMD")] == [
        ["paper-triage-entrypoint"],
        ["web"],
    ]


def test_the_image_installs_the_pinned_requirements_and_the_projects_own_packages() -> None:
    instructions = dockerfile()
    copied = [i["value"].split()[0] for i in instructions if i["instruction"] == "COPY" and "--from" not in i["value"]]
    for source in copied:
        assert (ROOT / source).exists(), source
    packages = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {name.rstrip("*") for name in packages} <= set(copied)
    runs = " ".join(i["value"] for i in instructions if i["instruction"] == "RUN")
    assert "pip install --requirement requirements.txt" in runs and "pip install --no-deps ." in runs
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert not set(copied) & set(ignored)


def run_entrypoint(tmp_path: Path, *args: str, **env: str) -> tuple[str, str]:
    """deploy/entrypoint.sh with stand-ins for gunicorn and paper-triage that print what they were given."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name in ("gunicorn", "paper-triage"):
        stub = bin_dir / name
        stub.write_text(f'#!/bin/sh\nprintf "%s\\n" "{name}" "$@"\n', encoding="utf-8")
        stub.chmod(stub.stat().st_mode | stat.S_IEXEC)
    role_file = tmp_path / "role"
    done = subprocess.run(
        ["sh", str(ROOT / "deploy" / "entrypoint.sh"), *args],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "PAPER_TRIAGE_ROLE_FILE": str(role_file), **env},
    )
    return done.stdout, role_file.read_text().strip() if role_file.exists() else ""


def test_the_entrypoint_runs_the_procfiles_commands_by_role(tmp_path: Path) -> None:
    web, role = run_entrypoint(tmp_path, PORT="5000")
    assert (web.split("\n")[:-1], role) == (shlex.split(PROCFILE["web"].replace("$PORT", "5000")), "web")
    worker, role = run_entrypoint(tmp_path, "worker")
    assert (worker, role) == ("paper-triage\nworker\n", "worker")
    assert run_entrypoint(tmp_path, PAPER_TRIAGE_ROLE="serve")[0] == "paper-triage\nserve\n"
    assert run_entrypoint(tmp_path, "paper-triage", "check", "README.md")[0] == "paper-triage\ncheck\nREADME.md\n"


def health(env: dict[str, str], role: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "paper_triage", "health", "--role", role],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


def test_the_health_check_asks_the_web_server_or_reaches_the_queue(tmp_path: Path) -> None:
    env = processes.app_env(tmp_path, UNUSED_API)
    with processes.serve(env, tmp_path) as (url, _):
        assert health({**env, "PORT": url.rsplit(":", 1)[1]}, "web").returncode == 0
    down = health({**env, "PORT": str(processes.free_port())}, "web")
    assert down.returncode == 1 and down.stderr.startswith("paper-triage: unhealthy: http://127.0.0.1:")
    assert health(env, "worker").returncode == 0
    unreachable = health({**env, "REDIS_URL": f"redis://127.0.0.1:{processes.free_port()}/0"}, "worker")
    assert (unreachable.returncode, unreachable.stderr) == (
        1,
        "paper-triage: unhealthy: queue unreachable: ConnectionError\n",
    )


# --- buildpacks (Heroku, Dokku), Render, Fly.io -----------------------------------------------------------


def pins() -> dict[str, str]:
    lines = [
        line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    ]
    found = {}
    for line in filter(None, lines):
        name, _, version = line.partition("==")
        assert version, f"requirements.txt: {line} is not pinned"
        found[name.lower().replace("_", "-")] = version
    return found


def test_requirements_pin_every_dependency_of_pyproject_within_its_range() -> None:
    pinned = pins()
    for dependency in PYPROJECT["project"]["dependencies"]:
        requirement = Requirement(dependency)
        name = requirement.name.lower()
        assert name in pinned, f"requirements.txt lacks {name}: run pip-compile as its header says"
        assert SpecifierSet(str(requirement.specifier)).contains(pinned[name]), (
            f"{name}=={pinned[name]} ∉ {requirement.specifier}"
        )
    assert not {"pytest", "hypothesis", "jsonschema"} & set(pinned)  # test tools stay out of deployments


def test_the_python_version_file_is_one_pyproject_accepts_and_the_image_uses() -> None:
    version = (ROOT / ".python-version").read_text(encoding="utf-8").strip()
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(f"{version}.0")
    assert all(i["value"].startswith(f"python:{version}-") for i in dockerfile() if i["instruction"] == "FROM")


def test_the_procfile_worker_runs_without_installing_the_project() -> None:
    # A buildpack installs requirements.txt only, so the worker starts the package from the source folder.
    assert PROCFILE["worker"] == "python -m paper_triage worker"
    assert (ROOT / "paper_triage" / "__main__.py").exists()


def test_render_runs_the_procfiles_commands_sharing_one_redis() -> None:
    blueprint = yaml.safe_load((ROOT / "render.yaml").read_text(encoding="utf-8"))
    services = {service["type"]: service for service in blueprint["services"]}
    assert set(services) == {"web", "worker", "keyvalue"}
    assert services["web"]["startCommand"] == PROCFILE["web"]
    assert services["worker"]["startCommand"] == PROCFILE["worker"]
    assert services["web"]["healthCheckPath"] == "/healthz"
    redis = services["keyvalue"]
    assert redis["maxmemoryPolicy"] == "noeviction" and redis["ipAllowList"] == []
    for role in ("web", "worker"):
        variables = {variable["key"]: variable for variable in services[role]["envVars"]}
        assert variables["REDIS_URL"]["fromService"] == {
            "type": "keyvalue",
            "name": redis["name"],
            "property": "connectionString",
        }
        assert {"GITHUB_APP_ID", "GITHUB_PRIVATE_KEY", "GITHUB_WEBHOOK_SECRET"} <= set(variables)
        assert "requirements.txt" in services[role]["buildCommand"]


def test_fly_toml_is_valid_and_runs_web_and_worker_from_the_image() -> None:
    config = tomllib.loads((ROOT / "fly.toml").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMAS / "fly.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(schema).validate(config)
    assert config["processes"] == {"web": "web", "worker": "worker"}  # roles of deploy/entrypoint.sh
    service = config["http_service"]
    assert (service["processes"], service["internal_port"], int(config["env"]["PORT"])) == (["web"], 8000, 8000)
    assert service["checks"][0]["path"] == "/healthz"


@pytest.mark.parametrize(
    ("file", "schema"), [("action.yml", "github-action.json"), (".pre-commit-hooks.yaml", "pre-commit-hooks.json")]
)
def test_files_for_other_tools_match_their_published_schemas(file: str, schema: str) -> None:
    document = yaml.safe_load((ROOT / file).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(json.loads((SCHEMAS / schema).read_text(encoding="utf-8"))).validate(document)


def test_the_env_file_register_writes_is_kept_out_of_git_and_images() -> None:
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
