import pytest

from tests.factories import UserFactory


@pytest.fixture
def author(client):
    """A signed-in author."""
    user = UserFactory()
    client.force_login(user)
    return user
