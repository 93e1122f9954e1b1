"""The README's test command: lint, the import contracts, Django's checks and the whole suite on
three real PostgreSQL servers, the two main ones each with a streaming replica.

Uses DATABASE_URL, BLOG_DATABASE_URL and ANALYTICS_DATABASE_URL when all three are set; otherwise
starts three throwaway servers and a replica of the first two (support/postgres.py), exports
DATABASE_REPLICA_URLS and BLOG_DATABASE_REPLICA_URLS so the whole suite runs on a replicated
stack, and always stops them, whether the run passes or fails.

    python -m support.harness [extra pytest arguments]
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from support.postgres import PostgresServer

PYTHON = sys.executable
LINT_IMPORTS = str(Path(PYTHON).with_name("lint-imports"))
# Each server: its name (support/postgres.py), the variable with its URL, whether it has a replica.
SERVERS = (
    ("default", "DATABASE_URL", True),
    ("blog", "BLOG_DATABASE_URL", True),
    ("analytics", "ANALYTICS_DATABASE_URL", False),
)


def steps(pytest_args: list[str]) -> list[list[str]]:
    commands = [
        [PYTHON, "-m", "ruff", "check", "."],
        [PYTHON, "-m", "ruff", "format", "--check", "."],
        # The import contracts in pyproject.toml: a new import the wrong way fails here.
        [LINT_IMPORTS],
        [PYTHON, "manage.py", "check", "--fail-level", "WARNING"],
        [PYTHON, "manage.py", "makemigrations", "--check", "--dry-run"],
    ]
    compose = shutil.which("docker-compose")
    if compose:
        commands.append([compose, "config", "-q"])
    else:
        print("harness: docker-compose not installed, skipping the compose file check")
    commands.append([PYTHON, "-m", "pytest", *pytest_args])
    return commands


def run_all(environ: dict[str, str], pytest_args: list[str]) -> int:
    for command in steps(pytest_args):
        shown = [Path(command[0]).name, *command[1:]] if command[0] != PYTHON else command[1:]
        print("harness: $", " ".join(shown), flush=True)
        result = subprocess.run(command, env=environ)
        if result.returncode != 0:
            print(f"harness: failed with exit code {result.returncode}", flush=True)
            return result.returncode
    return 0


def main(pytest_args: list[str]) -> int:
    environ = dict(os.environ)
    environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
    # The compose file reads these; give docker-compose config something to interpolate.
    environ.setdefault("POSTGRES_PASSWORD", "compose-check")
    if all(environ.get(variable) for _, variable, _ in SERVERS):
        print("harness: using", ", ".join(v for _, v, _ in SERVERS), "from the environment")
        return run_all(environ, pytest_args)

    servers: list[PostgresServer] = []
    try:
        for name, variable, replicated in SERVERS:
            server = PostgresServer.create(name)
            servers.append(server)
            server.export(environ)
            environ[variable] = server.url
            print(f"harness: {variable} -> PostgreSQL on 127.0.0.1:{server.port}", flush=True)
            if not replicated:
                continue
            replica = server.create_replica(f"{name}_replica")
            servers.append(replica)
            replica.export(environ)
            replica_variable = variable.replace("_URL", "_REPLICA_URLS")
            environ[replica_variable] = replica.url
            print(f"harness: {replica_variable} -> its replica on 127.0.0.1:{replica.port}")
        return run_all(environ, pytest_args)
    finally:
        for server in reversed(servers):
            server.destroy()
        print("harness: PostgreSQL servers stopped and removed", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
