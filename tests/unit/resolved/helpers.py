"""A spec from text, resolved (or its errors), for the resolved model's unit tests."""

from __future__ import annotations

import pytest

from generator.resolved.build import resolve
from generator.resolved.nodes import Api
from generator.spec.errors import SpecErrors
from generator.spec.loader import parse_spec

HEAD = """\
api:
  name: shop
  title: Shop
  version: v1
  client: Shop
  source: shop.txt
  base_url: {default: "https://shop.example.com/v1", env: SHOP_BASE_URL}
  auth: {scheme: none}
  pagination: {style: cursor, cursor_param: after, cursor_field: next}
  error_body: {messages: [error]}
"""
TYPES = """\
types:
  Base:
    fields:
      id: string
      created: datetime
  Item:
    extends: Base
    fields:
      name: {type: string, description: The name.}
      price: number | null
      state: {type: "string?", enum: [new, used]}
"""


def resolved(text: str) -> Api:
    return resolve(parse_spec(text, "shop.yaml"))


def errors_of(text: str) -> list[str]:
    with pytest.raises(SpecErrors) as caught:
        resolved(text)
    return [str(error) for error in caught.value.errors]
