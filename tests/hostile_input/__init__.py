"""A corpus of hostile and malformed input against every form and URL: never a 500.

The web UI's own tests (tests/web/test_bad_input.py, tests/web/test_xss.py) cover the common cases
and rendering; this corpus goes wider and checks that rejected submissions store nothing.

Each request must end in a clear form error (200 with the form), a redirect, 400, 403, 404 or 405,
and a rejected submission must store nothing (row counts in both databases are unchanged).
The test client re-raises any exception a view lets escape, so a 500 fails loudly here.
The input itself is in corpus.py, the site it is sent to in conftest.py.
"""
