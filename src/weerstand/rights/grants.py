"""The rights app's rows of the access-policy table (merged into policy.table.GRANTS).

Portal users (protectee, relative, employer) get only what concerns them: the protectee the
letters of their own decisions and their own objections (self scope), all three the
framework in force. The appeal body gets the objections and nothing of the case file.
"""

from __future__ import annotations

from weerstand.accounts.roles import Role
from weerstand.policy.table import Action, Resource, Scope

A, T, S = Scope.ALL, Scope.TEAM, Scope.SELF
R = Resource
V, C, N = Action.VIEW, Action.CHANGE, Action.CREATE

_FRAMEWORK_READ = {(R.RIGHTS_FRAMEWORK, V): (A,)}
# Case-team roles that talk with the person (and may receive an objection on paper).
_TEAM_RIGHTS = {
    **_FRAMEWORK_READ,
    (R.DECISION_LETTER, V): (T,),
    (R.OBJECTION, V): (T,),
    (R.OBJECTION, N): (T,),
}

# The employer's own expected measures: recorded and changed by the case team's analysts.
_EMPLOYER_MEASURES_WRITE = {
    (R.EMPLOYER_MEASURE, V): (T,),
    (R.EMPLOYER_MEASURE, N): (T,),
    (R.EMPLOYER_MEASURE, C): (T,),
}
# A relative or employer contact: the letters addressed to them, and their own objections
# where a decision affects them (an interested party, Awb 1:2).
_PERSON_CONCERNED = {
    **_FRAMEWORK_READ,
    (R.DECISION_LETTER, V): (S,),
    (R.OBJECTION, V): (S,),
    (R.OBJECTION, N): (S,),
}

GRANTS: dict[Role, dict[tuple[Resource, Action], tuple[Scope, ...]]] = {
    Role.DECISION_MAKER: {
        **_TEAM_RIGHTS,
        (R.DECISION_LETTER, C): (T,),
        (R.RIGHTS_FRAMEWORK, C): (A,),
    },
    Role.ANALYST: {**_TEAM_RIGHTS, **_EMPLOYER_MEASURES_WRITE},
    Role.SENIOR_ANALYST: {**_TEAM_RIGHTS, **_EMPLOYER_MEASURES_WRITE},
    Role.LCC_COORDINATOR: {**_TEAM_RIGHTS, (R.EMPLOYER_MEASURE, V): (T,)},
    Role.RESILIENCE_EXPERT: {**_TEAM_RIGHTS, (R.EMPLOYER_MEASURE, V): (T,)},
    Role.POLICE_LIAISON: {**_FRAMEWORK_READ, (R.DECISION_LETTER, V): (T,)},
    Role.KMAR_LIAISON: {**_FRAMEWORK_READ, (R.DECISION_LETTER, V): (T,)},
    Role.PROTECTEE: {
        **_FRAMEWORK_READ,
        (R.DECISION_LETTER, V): (S,),
        (R.OBJECTION, V): (S,),
        (R.OBJECTION, N): (S,),
    },
    Role.RELATIVE: dict(_PERSON_CONCERNED),
    Role.EMPLOYER: {
        **_PERSON_CONCERNED,
        (R.EMPLOYER_MEASURE, V): (S,),
        (R.EMPLOYER_MEASURE, C): (S,),
    },
    Role.INSPECTOR: {
        **_FRAMEWORK_READ,
        (R.DECISION_LETTER, V): (A,),
        (R.OBJECTION, V): (A,),
        (R.EMPLOYER_MEASURE, V): (A,),
    },
    Role.APPEAL_OFFICER: {
        **_FRAMEWORK_READ,
        (R.OBJECTION, V): (A,),
        (R.OBJECTION, C): (A,),
    },
}

NOTES: list[str] = [
    "Rights, letters and objections (the rights app):",
    "",
    "- Scope `self` = rows about the portal user's own registry person: the letters of the",
    "  protectee's own approved or in-force decisions and objections against them. One",
    "  person never reaches another's letters or objections.",
    "- A decision letter needs the letter grant AND a view of the decision itself",
    "  (`decision`); its content is the shareable text only, never the reasoning.",
    "- Whoever may view an objection may read the letter of the decision objected to: the",
    "  appeal body handles objections with the letter, never with the case file (it holds",
    "  no case, person or assessment grant). Objections in a restricting compartment reach",
    "  the appeal body only when its officer is a member.",
    "- Letters to relatives and the employer (`addressed_letter`, under the letter grant):",
    "  a decision taken with measures at their home or work, or asking something of them,",
    "  sends a letter to each linked person whose link allows letters. Scope `self` = the",
    "  letters addressed to the portal user's own person, and their own objections (an",
    "  interested party may object). The protectee never reads a relative's letter or",
    "  objection, nor a relative the protectee's.",
    "- Employer measures (`employer_measure`): the case team's analysts record and follow",
    "  them up (team); the employer contact they are addressed to sees and confirms them",
    "  (self); inspectors read them (all).",
    "- Objections carry no clearance test: they hold only what the person was told and",
    "  wrote. The framework versions not yet in force are visible to those who manage it.",
    "",
]
