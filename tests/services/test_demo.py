"""Training demo: fills an empty folder, resets, and never touches real data."""
from __future__ import annotations

import pytest

from veeduria_app.domain.works import WorkFields
from veeduria_app.services.errors import ValidationError


def test_demo_fills_marks_training_and_resets(services):
    count = services.demo.load()
    assert count >= 12
    assert services.data_folder.is_training
    assert len({w.localidad for w in services.works.list()}) == 3
    extra = services.works.create(WorkFields(name="Práctica de Camila", localidad="1"))
    assert services.works.count() == count + 1
    assert services.demo.load(reset=True) == count
    ids = {w.id for w in services.works.list()}
    assert extra.id not in ids


def test_demo_refuses_a_folder_with_real_data(services):
    services.works.create(WorkFields(name="Obra real", localidad="2"))
    with pytest.raises(ValidationError) as caught:
        services.demo.load()
    assert "información real" in str(caught.value)
    with pytest.raises(ValidationError):
        services.demo.load(reset=True)
    assert [w.name for w in services.works.list()] == ["Obra real"]
    assert not services.data_folder.is_training


def test_training_folder_is_separate_from_the_real_one(data_folder):
    training = data_folder.training_folder()
    assert training.path != data_folder.path
    assert data_folder.path not in training.path.parents
