"""The revisions the database moves itself.

- structure: any change to the organization tree, the programs, their targets, plans and
  periods, or the explanations requested;
- access: any change to who may reach what: API tokens (made, revoked, expiry), memberships,
  and the accounts' active and superuser flags;
- people: any change to the people and the positions they hold in the units;
- reports: any change to the units' reports (submitted, returned, approved, locked).

Triggers, not code in the services, move it, so that no way of writing is missed: bulk and
raw SQL writes, the admin, a restore. The tables are few and written rarely; the values and
the aggregates, written all day, are not among them (`tinhdoan.rollup` tracks those per
program and period, where their writers already wait for each other)."""

from django.db import connections

STRUCTURE = "structure"
ACCESS = "access"
PEOPLE = "people"
REPORTS = "reports"

# Table: columns whose update counts (None: any change of the row).
WATCHED_TABLES: dict[str, tuple[str, ...] | None] = {
    "org_unit": None,
    "org_treechange": None,
    "org_lineage": None,
    "programs_program": None,
    "programs_target": None,
    "programs_allocation": None,
    "programs_targetrule": None,
    "programs_period": None,
    "programs_reportingperiod": None,
    "programs_focaltask": None,
    "programs_breakthrough": None,
    "rollup_explanationrequest": None,
    "auth_user": ("first_name", "last_name"),  # names shown beside explanations
}
ACCESS_TABLES: dict[str, tuple[str, ...] | None] = {
    "accounts_apitoken": ("user_id", "key_hash", "expires_at"),  # not its use, noted often
    "accounts_membership": None,
    "auth_user": ("username", "is_active", "is_superuser"),
}
PEOPLE_TABLES: dict[str, tuple[str, ...] | None] = {"org_person": None, "org_position": None}
REPORTS_TABLES: dict[str, tuple[str, ...] | None] = {"programs_submission": None}
WATCHED = {
    STRUCTURE: WATCHED_TABLES,
    ACCESS: ACCESS_TABLES,
    PEOPLE: PEOPLE_TABLES,
    REPORTS: REPORTS_TABLES,
}

_SQLITE_BUMP = (
    "INSERT INTO revisions_revision (name, token) VALUES ('{name}', random()) "
    "ON CONFLICT (name) DO UPDATE SET token = random()"
)
_POSTGRES_FUNCTION = """
    CREATE OR REPLACE FUNCTION revisions_move_{name}() RETURNS trigger AS $$
    BEGIN
        INSERT INTO revisions_revision (name, token)
        VALUES ('{name}', (random() * 9.2e18)::bigint)
        ON CONFLICT (name) DO UPDATE SET token = excluded.token;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
"""


def _trigger_name(name: str, table: str) -> str:
    # The structure triggers kept the names they had before there were other revisions.
    return f"revisions_{table}" if name == STRUCTURE else f"revisions_{name}_{table}"


def _sqlite_statements() -> list[str]:
    statements = []
    for name, tables in WATCHED.items():
        bump = _SQLITE_BUMP.format(name=name)
        for table, columns in tables.items():
            for event in ("INSERT", "UPDATE", "DELETE"):
                what = f"UPDATE OF {', '.join(columns)}" if columns and event == "UPDATE" else event
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {_trigger_name(name, table)}_{event.lower()} "
                    f"AFTER {what} ON {table} BEGIN {bump}; END"
                )
    return statements


def _postgres_statements() -> list[str]:
    statements = []
    for name, tables in WATCHED.items():
        statements.append(_POSTGRES_FUNCTION.format(name=name))
        for table, columns in tables.items():
            update = f"UPDATE OF {', '.join(columns)}" if columns else "UPDATE"
            statements.append(
                f"CREATE OR REPLACE TRIGGER {_trigger_name(name, table)} "
                f"AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION revisions_move_{name}()"
            )
    return statements


def triggers_install(using: str = "default", **kwargs) -> None:
    """Create the triggers that are missing (idempotent); tables not made yet are left."""
    target = connections[using]
    tables = set(target.introspection.table_names())
    watched = {table for tables_of in WATCHED.values() for table in tables_of}
    if "revisions_revision" not in tables or not watched <= tables:
        return
    statements = _postgres_statements() if target.vendor == "postgresql" else _sqlite_statements()
    with target.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
