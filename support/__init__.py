"""Infrastructure shared by the test suite and the benchmark: throwaway PostgreSQL servers,
scratch databases, gunicorn as deployed, the production configuration outside containers, and
the harness behind `make test`.

tests/ and bench/ import from here; this package imports neither of them, and no app imports it
(the import-linter contracts in pyproject.toml).
"""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
