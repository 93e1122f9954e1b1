"""Quire's Django apps. Imports run one way, checked by the import-linter contracts in
pyproject.toml: `blog` may import `accounts` and `multidb`, `accounts` may import `multidb` only,
`multidb` imports no other app but `core`, any app may import `core` (text checks), which imports
no other part of the project, and no app imports `config`, `support`, `tests` or `bench`.
"""
