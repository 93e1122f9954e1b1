"""People: the custom User (in `default`), signup, login and profiles. Imports `apps.multidb` only;
apps whose rows belong to users extend the user admin from their own modules.
"""
