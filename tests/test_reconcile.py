"""The reconcile step: the most confident reading of each field wins, the rest are kept."""

from __future__ import annotations

import pytest

from extractor.models import Figure, FigureRole, Provenance
from extractor.reconcile import Proposal, reconcile


def _figure(**changes: object) -> Figure:
    data: dict[str, object] = dict(
        id="f1",
        value=83.0,
        unit="percent",
        raw="83%",
        label="Target",
        section_id="s1",
        section="Reablement",
        text="Target 83%",
        provenance=Provenance(page=1),
        rule_id="prose.clause-lead",
        confidence=0.3,
    )
    data.update(changes)
    return Figure(**data)  # type: ignore[arg-type]


def test_a_more_confident_label_wins_and_the_first_reading_is_kept_as_an_alternative():
    [f] = reconcile(
        [_figure()],
        [Proposal("f1", "label", "people still at home 91 days after reablement", "pass.x", 0.85)],
    )
    assert f.label == "people still at home 91 days after reablement"
    assert (f.rule_id, f.confidence) == ("pass.x", 0.85)
    assert [(a.field, a.value, a.rule_id) for a in f.alternatives] == [
        ("label", "Target", "prose.clause-lead")
    ]


def test_a_less_confident_label_loses_but_stays_visible():
    [f] = reconcile([_figure(confidence=0.9)], [Proposal("f1", "label", "something else", "pass.x", 0.2)])
    assert f.label == "Target" and f.rule_id == "prose.clause-lead"
    assert [a.value for a in f.alternatives] == ["something else"]


def test_a_role_the_column_states_beats_a_records_reading_but_a_generic_one_does_not():
    stated, generic = _figure(role=FigureRole.TARGET), _figure(id="f2", role=FigureRole.OTHER)
    out = reconcile(
        [stated, generic], [Proposal(f.id, "role", "actual", "record.m", 0.5) for f in (stated, generic)]
    )
    assert [f.role for f in out] == [FigureRole.TARGET, FigureRole.ACTUAL]


def test_equal_confidence_keeps_the_first_proposal():
    [f] = reconcile(
        [_figure()],
        [Proposal("f1", "period", "2024/25", "a", 0.5), Proposal("f1", "period", "2023/24", "b", 0.5)],
    )
    assert f.period == "2024/25"


def test_an_unknown_field_is_an_error_naming_the_rule():
    with pytest.raises(ValueError, match="pass.bad"):
        reconcile([_figure()], [Proposal("f1", "colour", "red", "pass.bad", 0.5)])


def test_reconcile_returns_new_figures_and_leaves_its_input_alone():
    original = _figure()
    reconcile([original], [Proposal("f1", "label", "x y", "pass.x", 0.9)])
    assert original.label == "Target" and original.alternatives == []
