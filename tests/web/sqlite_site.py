"""The local quick-start's databases for a test: SQLite files, migrated, and a script run against
them in a child process (`manage.py shell`), as `make run` would serve them."""

from pathlib import Path

from support.scratch import manage


def sqlite_script_output(tmp_path: Path, script: str) -> list[str]:
    """The lines `script` prints, run with DEBUG on (as `make run`) against freshly migrated
    SQLite files for every database."""
    environ = {
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'default.sqlite3'}",
        "BLOG_DATABASE_URL": f"sqlite:///{tmp_path / 'blog.sqlite3'}",
        "ANALYTICS_DATABASE_URL": f"sqlite:///{tmp_path / 'analytics.sqlite3'}",
    }
    migrated = manage("migrate_all", environ=environ)
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    result = manage("shell", "-c", script, environ=environ)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()
