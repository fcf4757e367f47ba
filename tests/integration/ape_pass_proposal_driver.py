"""Run `harvest_coop.ape_layer.governance.pass_proposal` on a network, the way
a developer's script does, and interrupt it part-way first.

    python tests/integration/ape_pass_proposal_driver.py NETWORK STEP

Deploys the stack and a co-op with Ape's test accounts, then passes a
proposal (admit a newcomer) twice: the first run is interrupted right after
`STEP` ("proposed", "voted" or "queued") by its progress callback raising,
the second must resume and execute it. Prints one JSON line with what
happened; a test (test_governance_forms.py) reads it. Run in its own process
because Ape's network connection is process-global (and `foundry` starts and
stops its own anvil with the process).
"""

from __future__ import annotations

import json
import sys


class Interrupted(Exception):
    """The simulated failure part-way."""


def main(network: str, step: str) -> None:
    from ape import accounts, chain, networks, project

    from harvest_coop.ape_layer.governance import call, pass_proposal
    from harvest_coop.ape_layer.stack import create_coop, deploy_stack
    from harvest_coop.core.constants import ProposalState
    from harvest_coop.core.params import CoopParams
    from harvest_coop.core.proposals import proposal_of

    with networks.parse_network_choice(network) as provider:
        test = accounts.test_accounts
        founders = list(test[1:4])
        stack = deploy_stack(project, test[0])
        coop = create_coop(
            stack,
            test[0],
            CoopParams(
                founders=[str(f.address) for f in founders],
                voting_delay=10,
                voting_period=300,
                timelock_delay=60,
            ),
        )
        membership, governor = coop["Membership"], coop["CoopGovernor"]
        newcomer = test[8]
        proposal = proposal_of(
            [call(membership, "admit", newcomer.address)], "Admit the newcomer", founders[0].address
        )
        seen: list[str] = []

        def interrupt(message: str) -> None:
            seen.append(message)
            if message.startswith({"proposed": "proposed", "voted": "3 members", "queued": "queued"}[step]):
                raise Interrupted(message)

        try:
            pass_proposal(chain, governor, founders[0], founders, proposal, log=interrupt)
        except Interrupted:
            pass
        state_after_failure = ProposalState(governor.state(proposal.proposal_id)).label
        resumed: list[str] = []
        pass_proposal(chain, governor, founders[0], founders, proposal, log=resumed.append)
        print(
            "RESULT "
            + json.dumps(
                {
                    "provider": type(provider).__name__,
                    "interrupted_after": seen[-1],
                    "state_after_failure": state_after_failure,
                    "resumed": resumed,
                    "state": ProposalState(governor.state(proposal.proposal_id)).label,
                    "member": bool(membership.is_member(newcomer.address)),
                    "votes": [int(v) for v in governor.proposalVotes(proposal.proposal_id)],
                }
            )
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
