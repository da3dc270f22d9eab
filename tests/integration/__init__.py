"""Tests against real servers. The helper modules' asserts are rewritten as pytest's own are."""

import pytest

pytest.register_assert_rewrite("tests.integration.planning", "tests.integration.sql_specs")
