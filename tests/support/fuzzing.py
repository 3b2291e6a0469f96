"""How many examples the property tests try.

PROBELINT_FUZZ_EXAMPLES sets the size of the main fuzz properties; .ci/run sets it to FULL_SIZE. Locally
it defaults to a few hundred, so that the properties stay in the quick default run. Other properties
scale in proportion: at FULL_SIZE each tries the number of examples it was written for.
"""

from __future__ import annotations

import os

FULL_SIZE = 15_000
EXAMPLES = int(os.environ.get("PROBELINT_FUZZ_EXAMPLES", "300"))


def scaled(examples_at_full_size: int) -> int:
    """`examples_at_full_size` scaled like PROBELINT_FUZZ_EXAMPLES against FULL_SIZE (at least 10)."""
    return max(10, examples_at_full_size * EXAMPLES // FULL_SIZE)
