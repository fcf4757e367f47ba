"""The co-op's parts beyond the core, registered with the deployment.

Each part is a function (project, deployer, contracts so far) -> new
contracts, appended to `deployment.EXTRA_PARTS` in deployment order.
"""

from __future__ import annotations

from harvest_coop import deployment


def register_parts() -> None:
    """Register every part, in deployment order (idempotent)."""
    from harvest_coop import part_exchange, part_harvest

    deployment.EXTRA_PARTS.clear()
    deployment.EXTRA_PARTS.append(part_harvest.part)
    deployment.EXTRA_PARTS.append(part_exchange.part)
