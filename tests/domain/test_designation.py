"""Who takes a party's list seats: the 30% check and the Kazakh alphabetical fallback."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from kztally.domain.election import Choice, Election, Person
from kztally.domain.ids import ChoiceId
from kztally.domain.persons import Designation, designate, kazakh_sort_key
from kztally.domain.rules import RULES_2023
from kztally.domain.seats import Notice


def amanat(election: Election) -> Choice:
    return election.contest("MZ-L").choice(ChoiceId("AMANAT"))


def test_kazakh_alphabet_order_not_code_point_order() -> None:
    names = ["Іскаков", "Ыбыраев", "Құрманов", "Кенжебаев", "Ғалымов", "Бекова", "Әлиев", "Абаев",
             "Үсенов", "Ұлан", "Өмірзақ", "Яхина", "Ерлан", "Ёлкин", "Һасан", "Хан"]  # fmt: skip
    assert sorted(names, key=kazakh_sort_key) == [
        "Абаев", "Әлиев", "Бекова", "Ғалымов", "Ерлан", "Ёлкин", "Кенжебаев", "Құрманов",
        "Өмірзақ", "Ұлан", "Үсенов", "Хан", "Һасан", "Ыбыраев", "Іскаков", "Яхина",
    ]  # fmt: skip
    assert sorted(names) != sorted(names, key=kazakh_sort_key)


def test_kazakh_order_is_case_blind_and_puts_a_word_break_first() -> None:
    assert kazakh_sort_key("абаев") == kazakh_sort_key("АБАЕВ")
    assert sorted(["Әлиева Бота", "Әлиев Асан"], key=kazakh_sort_key) == [
        "Әлиев Асан",
        "Әлиева Бота",
    ]
    assert sorted(["Ана-Бала", "Анар"], key=kazakh_sort_key) == ["Ана-Бала", "Анар"]


def test_without_a_decision_the_seats_go_in_kazakh_alphabetical_order(election: Election) -> None:
    result = designate(amanat(election), 3, RULES_2023)
    assert result == Designation(
        list_id="AMANAT",
        seats=3,
        persons=(
            Person("Абаев Нұрлан"),
            Person("Әлиев Асан"),
            Person("Әлиева Бота", woman=True),
        ),
        protected_share=Fraction(1, 3),
        notices=(Notice("P2"),),
    )


def test_no_decision_and_no_fallback_waits(election: Election) -> None:
    rules = replace(RULES_2023, alphabetical_fallback=False)
    assert designate(amanat(election), 3, rules) == Designation(
        "AMANAT", 3, (), None, (Notice("P3"),)
    )


def test_a_decision_meeting_the_30_percent_minimum(election: Election) -> None:
    decision = ["Сейітов Ерлан", "Абаев Нұрлан", "Бекова Айгүл"]
    result = designate(amanat(election), 3, RULES_2023, decision)
    assert [p.name for p in result.persons] == decision  # the party's order, not the list's
    assert result.protected_share == Fraction(1, 3)
    assert result.notices == ()


def test_a_decision_below_the_30_percent_minimum_is_flagged(election: Election) -> None:
    decision = ["Сейітов Ерлан", "Абаев Нұрлан", "Ыбыраев Дәурен"]
    result = designate(amanat(election), 3, RULES_2023, decision)
    assert result.protected_share == 0
    assert result.notices == (Notice("P1", {"share": "0.0"}),)


def test_exactly_30_percent_is_enough() -> None:
    members = tuple(Person(f"Адам {i}", woman=i < 3) for i in range(10))
    lst = Choice(ChoiceId("X"), "X", 1, registration_order=1, members=members)
    result = designate(lst, 10, RULES_2023, [p.name for p in members])
    assert result.protected_share == Fraction(3, 10)
    assert result.notices == ()
    nine = designate(lst, 10, RULES_2023, [p.name for p in members[:9]])
    assert nine.protected_share == Fraction(3, 9)
    assert nine.notices == (Notice("P5", {"vacant": "1"}),)
    # 2 of 7 is 28.6%: below the minimum
    seven = designate(lst, 7, RULES_2023, [p.name for p in members[1:8]])
    assert seven.protected_share == Fraction(2, 7)
    assert seven.notices == (Notice("P1", {"share": "28.6"}),)


def test_every_protected_kind_counts(election: Election) -> None:
    decision = ["Әлиева Бота", "Құрманов Ғалым", "Іскаков Марат"]  # woman, under 29, disability
    assert designate(amanat(election), 3, RULES_2023, decision).protected_share == 1


def test_unknown_or_repeated_names_are_left_out_and_seats_stay_vacant(election: Election) -> None:
    decision = ["Сейітов Ерлан", "Нобody", "Сейітов Ерлан", "Бекова Айгүл"]
    result = designate(amanat(election), 3, RULES_2023, decision)
    assert [p.name for p in result.persons] == ["Сейітов Ерлан", "Бекова Айгүл"]
    assert result.notices == (
        Notice("P4", {"name": "Нобody"}),
        Notice("P4", {"name": "Сейітов Ерлан"}),
        Notice("P5", {"vacant": "1"}),
    )


def test_a_list_shorter_than_its_seats_leaves_vacancies(election: Election) -> None:
    result = designate(amanat(election), 10, RULES_2023)
    assert len(result.persons) == 8
    assert result.notices == (Notice("P2"), Notice("P5", {"vacant": "2"}))
