"""The password hasher: Argon2id at the OWASP Password Storage Cheat Sheet's first setting.

OWASP lists equivalent Argon2id settings; its first, m = 46 MiB, t = 1, p = 1, costs about 50 ms
a check on the 2-core server (Django's own Argon2 defaults, 100 MiB and 8 lanes: ~130 ms; PBKDF2's
million rounds: ~330 ms), so a burst of logins on a busy recruitment day does not queue behind
the hasher while an offline guess still costs 46 MiB of memory. A stored hash with other
parameters (or PBKDF2) is accepted and re-hashed at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 47104  # KiB: 46 MiB
    parallelism = 1
