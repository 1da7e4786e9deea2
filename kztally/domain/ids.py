"""Typed identifiers, so that a precinct code is never passed where a contest id is wanted."""

from typing import NewType

AreaCode = NewType("AreaCode", str)
"""A stable code of an area: the country, a region, a district, or a precinct."""

ContestId = NewType("ContestId", str)
"""One ballot type: a party-list contest or a single-member district."""

BodyId = NewType("BodyId", str)
"""An elected body: the Mazhilis or one maslikhat."""

ChoiceId = NewType("ChoiceId", str)
"""A party list or a candidate on a ballot."""

PartyId = NewType("PartyId", str)
"""A party or public association that nominates lists and candidates."""

ProtocolKey = tuple[AreaCode, ContestId]
"""One protocol: a precinct and a contest (one ballot type at one polling station)."""
