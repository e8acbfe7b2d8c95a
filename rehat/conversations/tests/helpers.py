from rehat.conversations.models import TeamKey
from rehat.lib import boxes


def make_team_key(version: int = 1) -> bytes:
    """A current team key on the anonymous side; returns its private half."""
    private, public = boxes.new_key_pair()
    TeamKey.objects.filter(is_current=True).update(is_current=False)
    TeamKey.objects.create(version=version, public_key=public, is_current=True)
    return private
