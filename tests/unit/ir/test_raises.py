"""The exception class a docstring's `Raises:` names is the one the runtime raises."""

from __future__ import annotations

from apiclients import errors
from generator.ir.raises import error_class


def test_agrees_with_the_runtime_for_every_error_status() -> None:
    for status in range(400, 600):
        assert error_class(status) == errors.status_error_class(status).__name__, status


def test_every_named_class_is_a_public_error() -> None:
    for status in range(400, 600):
        assert issubclass(getattr(errors, error_class(status)), errors.APIStatusError)
