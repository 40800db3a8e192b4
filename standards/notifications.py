"""What publication, withdrawal and decisions tell the outside world: emails and webhooks.

Each function is called inside the transaction that makes the change and queues its work with
``transaction.on_commit``, so nothing is sent for a change that is rolled back.
"""


def version_published(version) -> None:
    """A version was published: email the standard's watchers and the authors of the
    proposals it includes, and send ``version.published`` to the webhook endpoints."""


def version_withdrawn(version) -> None:
    """A version was withdrawn: email as above and send ``version.withdrawn``."""


def proposal_decided(proposal) -> None:
    """A vote decided a proposal: send ``proposal.accepted`` or ``proposal.rejected``."""
