"""Team membership rules, in the domain."""
import pytest
import sqlalchemy as sa

from plans.accounts import people
from plans.models import Membership


def test_the_last_bestuurder_stays_and_everyone_else_can_go(factories, db_session):
    org = factories.organisation("Zorggroep Team")
    first, second = factories.member(org, "bestuurder"), factories.member(org, "bestuurder")
    redacteur = factories.member(org, "redacteur")
    elsewhere = factories.member(factories.organisation("Zorggroep Elders"), "bestuurder")
    people.remove_membership(redacteur.memberships[0])
    people.remove_membership(second.memberships[0])
    with pytest.raises(people.AccountError, match="De laatste bestuurder kan niet worden verwijderd"):
        people.remove_membership(first.memberships[0])
    remaining = db_session.scalars(sa.select(Membership.user_id).where(Membership.organisation_id == org.id))
    assert list(remaining) == [first.id]
    assert elsewhere.memberships  # another organisation's bestuurder does not count


def test_the_board_requires_one_to_five_signatures(factories):
    org = factories.organisation("Zorggroep Handtekeningen")
    people.set_required_signatures(org, 3)
    assert org.required_signatures == 3
    for number in (0, 6):
        with pytest.raises(people.AccountError, match="Kies een aantal van 1 tot en met 5"):
            people.set_required_signatures(org, number)
    assert org.required_signatures == 3
