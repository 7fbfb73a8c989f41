"""Our production settings, with the hash-counting Argon2 hasher (bench/peer.py)."""

from jmo.settings import *  # noqa: F403
from jmo.settings import PASSWORD_HASHERS

PASSWORD_HASHERS = [
    "bench.allauth_peer.counting_hasher.CountingArgon2Hasher",
    *PASSWORD_HASHERS[1:],
]
