"""The real first migration (applied in the test database), for the readiness test's migration module."""

from importlib import import_module

Migration = import_module("bontang_aker.ops.migrations.0001_ops_task_incidents").Migration
