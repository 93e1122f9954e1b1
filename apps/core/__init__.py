"""Checks on text and compiled queries that every app shares. The lowest layer: any app may
import it, and it imports no other part of the project (a plain package, not a Django app: it
has no models).
"""
