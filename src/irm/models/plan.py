"""OGP members and their action plans."""

from __future__ import annotations

import attrs

from irm.errors import InvalidValueError
from irm.models._validators import non_empty

__all__ = ["Member", "ActionPlan", "MEMBER_KINDS", "member_kind", "plan_id"]

#: ``country`` for national members, ``local`` for OGP Local (and Legacy Local) members.
MEMBER_KINDS = ("country", "local")


def member_kind(national_or_local: str) -> str:
    """The member kind of the export's ``National Or Local`` cell.

    Examples
    --------
    >>> member_kind("Legacy Local"), member_kind("National"), member_kind("Other")
    ('local', 'country', 'country')
    """
    return "local" if "local" in national_or_local.casefold() else "country"


def plan_id(member_code: str, number: int | str) -> str:
    """The action plan id of today's export: ``AP_`` + the member's code + the plan's
    number in two digits (a number that is not one, as written).

    Examples
    --------
    >>> plan_id("KEN", 2), plan_id("KEN", "3"), plan_id("KEN", "SC")
    ('AP_KEN02', 'AP_KEN03', 'AP_KENSC')
    """
    text = str(number).strip()
    return f"AP_{member_code}{int(text):02d}" if text.isdigit() else f"AP_{member_code}{text}"


@attrs.frozen
class Member:
    """An OGP member: a country or a local government.

    Examples
    --------
    >>> Member("Valdoria", code="VLD", kind="country").kind
    'country'
    """

    name: str = attrs.field(validator=non_empty)
    code: str = attrs.field(validator=non_empty)
    kind: str = attrs.field(default="country", validator=attrs.validators.in_(MEMBER_KINDS))
    region: str | None = None


@attrs.frozen
class ActionPlan:
    """A member's two-year (or longer) action plan.

    ``id`` follows OGP's form ``AP_`` + member code + two-digit plan number.
    """

    id: str = attrs.field(validator=non_empty)
    member_code: str = attrs.field(validator=non_empty)
    number: int | None = None
    year_of_submission: int | None = None
    end_year: int | None = attrs.field(default=None)

    @end_year.validator
    def _check_years(self, attribute: attrs.Attribute, value: int | None) -> None:  # type: ignore[type-arg]
        start = self.year_of_submission
        if value is not None and start is not None and value < start:
            raise InvalidValueError(
                f"'end_year' must not be before 'year_of_submission' {start}", got=value)
