"""Container healthcheck: exit 0 when /readyz answers 200, 1 otherwise. Needs no curl and no Django.

    python -m config.healthcheck [URL]      (default http://127.0.0.1:8000/readyz)

Sends a Host header Django accepts (the first ALLOWED_HOSTS entry) and, with HTTPS_ONLY, the
proxy's X-Forwarded-Proto, so the probe is neither refused as a bad host nor redirected to https.
"""

import os
import sys
import urllib.error
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/readyz"
TIMEOUT_SECONDS = 5


def probe_headers(environ: dict[str, str]) -> dict[str, str]:
    hosts = [host.strip() for host in environ.get("ALLOWED_HOSTS", "").split(",") if host.strip()]
    # ".example.com" allows every subdomain; "*" allows anything.
    host = hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "localhost"
    headers = {"Host": host}
    if environ.get("HTTPS_ONLY", "").strip().lower() in {"1", "true", "yes", "on"}:
        headers["X-Forwarded-Proto"] = "https"
    return headers


def main(argv: list[str]) -> int:
    url = argv[0] if argv else DEFAULT_URL
    request = urllib.request.Request(url, headers=probe_headers(dict(os.environ)))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            print(response.status, response.read().decode())
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.code, error.read().decode(errors="replace"))
    except OSError as error:
        print("unreachable:", error)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
