"""Stop and remove PostgreSQL servers left running by `python -m bench.run --keep`.

python -m bench.stop /tmp/quire-pg-benchdefault-... /tmp/quire-pg-benchblog-...
"""

import sys
from pathlib import Path

from support.postgres import PostgresServer

if __name__ == "__main__":
    for directory in sys.argv[1:]:
        PostgresServer("kept", Path(directory), 0).destroy()
        print(f"bench: removed {directory}")
