"""The reasons conditions and Events carry: stable words that tools and people can match on."""

from __future__ import annotations

import enum


class Reason(enum.StrEnum):
    # Database
    CONNECTED = "Connected"
    CONNECTION_FAILED = "ConnectionFailed"
    """The database did not answer (UNAVAILABLE): retried with backoff."""
    INVALID_CONNECTION = "InvalidConnection"
    """The connection cannot work as written (a bad URI, no engine): fix the spec."""
    SECRET_NOT_FOUND = "SecretNotFound"
    VAULT_NOT_CONFIGURED = "VaultNotConfigured"
    VAULT_UNAVAILABLE = "VaultUnavailable"
    SSM_UNAVAILABLE = "SSMUnavailable"
    DRIVER_LOADED = "DriverLoaded"
    DRIVER_UNAVAILABLE = "DriverUnavailable"
    DRIVER_INCOMPATIBLE = "DriverIncompatible"
    DRIVER_UNTRUSTED = "DriverUntrusted"
    """A public key is configured and the driver image has no signature valid for it."""
    DRIVER_FALLBACK = "DriverFallback"
    """A plugin cannot serve and the in-tree driver does, as the operator's configuration allows."""
    # Table, View, Function, DatabaseExtension, DataType
    UP_TO_DATE = "UpToDate"
    PLANNED = "Planned"
    AWAITING_APPROVAL = "AwaitingApproval"
    APPLYING = "Applying"
    MIGRATION_EXECUTED = "MigrationExecuted"
    MIGRATION_REJECTED = "MigrationRejected"
    MIGRATION_FAILED = "MigrationFailed"
    INVALID_SPEC = "InvalidSpec"
    DATABASE_NOT_FOUND = "DatabaseNotFound"
    DATABASE_NOT_READY = "DatabaseNotReady"
    WAITING_FOR_REQUIREMENTS = "WaitingForRequirements"
    PLAN_FAILED = "PlanFailed"
    DRIFT_DETECTED = "DriftDetected"
    # Migration
    APPROVED = "Approved"
    EXECUTED = "Executed"
    REJECTED = "Rejected"
    APPLY_FAILED = "ApplyFailed"
    INVALIDATED = "Invalidated"
    """The database changed since the plan: the plan is stale and its source is planned again."""
    SUPERSEDED = "Superseded"
    """A newer plan of the same source replaced this one."""
    LOCKED = "Locked"
    """Another apply holds the database's lock: retried."""
    EDITED_DDL_UNSUPPORTED = "EditedDDLUnsupported"
