from building_blocks import get_content
from plans.writing.maturity import score_to_level, section_maturity

B1 = get_content().section("b1")


def _values(statuses, current=None, target=None):
    values = {item.id: {"status": s} for item, s in zip(B1.checklist, statuses, strict=False) if s}
    if current:
        values["b1.niveau"] = {"current": current, "target": target}
    return values


def test_score_maps_onto_the_scale():
    assert [score_to_level(s, 5) for s in (0, 0.1, 0.125, 0.5, 0.74, 1)] == [1, 1, 2, 3, 4, 5]
    assert score_to_level(1, 4) == 4


def test_ja_counts_fully_deels_half_and_nvt_not_at_all():
    n = len(B1.checklist)
    statuses = ["ja", "deels", "nvt"] + ["nee"] * (n - 3)
    m = section_maturity(B1, _values(statuses))
    assert m.score == 1.5 / (n - 1)
    assert [i.id for i in m.unmet] == [B1.checklist[1].id] + [i.id for i in B1.checklist[3:]]


def test_a_gap_of_two_levels_asks_for_attention():
    all_yes = ["ja"] * len(B1.checklist)
    assert section_maturity(B1, _values(all_yes, current=3, target=4)).needs_attention
    assert not section_maturity(B1, _values(all_yes, current=4, target=5)).needs_attention
    assert not section_maturity(B1, {}).needs_attention


def test_unanswered_checklist_has_no_level():
    m = section_maturity(B1, {})
    assert m.score is None and m.checklist_level is None and len(m.unmet) == len(B1.checklist)
