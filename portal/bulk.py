"""Bulk writes that keep the change history, for imports of thousands of rows.

Django's ``bulk_update`` builds one ``CASE WHEN pk = … THEN …`` expression per row and field, which
costs seconds of Python for 10,000 rows; simple-history's ``bulk_*_with_history`` then builds one
historical instance per row.  Here changed rows are written as one ``INSERT … ON CONFLICT … DO
UPDATE`` per batch (an upsert: on the natural key where the model has an unconditional unique
constraint on it, else on the primary key), and their history rows are copied from the table in
SQL (``INSERT INTO historical_x (…) SELECT … FROM x WHERE id IN …``): the same rows
simple-history would write (every tracked field as stored, the date, the user, ``+`` or ``~``),
so nothing written is unrecorded.  Works on PostgreSQL and SQLite."""

import json

from django.db import connections, models, router
from django.utils import timezone


def natural_key_constraint(model, key):
    """Whether ``key`` (field names) is backed by an unconditional unique constraint, so it can
    be the conflict target of an upsert."""
    wanted = set(key)
    for constraint in model._meta.constraints:
        if (
            isinstance(constraint, models.UniqueConstraint)
            and constraint.condition is None
            and not constraint.expressions
            and set(constraint.fields) == wanted
        ):
            return True
    return any(set(together) == wanted for together in model._meta.unique_together)


def upsert(model, objs, *, key=(), update_fields, batch_size=1000):
    """Write ``objs`` (new rows and/or rows loaded from the database) with one statement per
    batch: ``INSERT … ON CONFLICT (natural key or pk) DO UPDATE SET update_fields``.  New rows get
    their primary keys (PostgreSQL and SQLite ≥ 3.35 return them)."""
    if not objs:
        return objs
    conflict = list(key) if key and natural_key_constraint(model, key) else ["pk"]
    fields = [f for f in update_fields if f not in conflict and f != model._meta.pk.name]
    return model._base_manager.bulk_create(
        objs, batch_size=batch_size, update_conflicts=True, unique_fields=conflict, update_fields=fields
    )


def update_changed(model, objs, fields, *, batch_size=2000):
    """Write ``fields`` of rows loaded from the database.  On PostgreSQL one ``UPDATE … FROM
    (VALUES …)`` per batch carries only those fields (a tenth of the data an upsert of whole rows
    sends); elsewhere an upsert on the primary key."""
    if not objs:
        return
    db = router.db_for_write(model)
    connection = connections[db]
    if connection.vendor != "postgresql":
        upsert(model, objs, update_fields=fields, batch_size=batch_size)
        return
    quote = connection.ops.quote_name
    pk = model._meta.pk
    columns = [pk] + [model._meta.get_field(name) for name in fields if name != pk.name]
    table = quote(model._meta.db_table)
    casts = [f"CAST(%s AS {field.db_type(connection)})" for field in columns]
    first_row = f"({', '.join(casts)})"
    other_row = f"({', '.join(['%s'] * len(columns))})"
    assignments = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns[1:])
    names = ", ".join(quote(f.column) for f in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            chunk = objs[start : start + batch_size]
            params = []
            for obj in chunk:
                for field in columns:
                    params.append(field.get_db_prep_save(field.pre_save(obj, False), connection))
            rows = ", ".join([first_row] + [other_row] * (len(chunk) - 1))
            cursor.execute(
                f"UPDATE {table} AS t SET {assignments} FROM (VALUES {rows}) AS v({names}) "
                f"WHERE t.{quote(pk.column)} = v.{quote(pk.column)}",
                params,
            )


def history_copy(model, ids, *, history_type, user=None, when=None, reason=""):
    """One history row per id, copied from the rows as they are now stored (``+`` created, ``~``
    changed).  Returns the number of rows written."""
    history = getattr(model, "history", None)
    if history is None or not ids:
        return 0
    hist = history.model
    tracked = {f.name: f for f in hist.tracked_fields}
    when = when or timezone.now()
    user_id = getattr(user, "pk", user)
    source = model._meta.db_table
    db = router.db_for_write(model)
    connection = connections[db]
    quote = connection.ops.quote_name
    columns, selects, params = [], [], []
    for field in hist._meta.concrete_fields:
        if field.name == "history_id":
            continue
        columns.append(quote(field.column))
        if field.name in tracked:
            selects.append(f"{quote(source)}.{quote(tracked[field.name].column)}")
            continue
        constant = {
            "history_date": when,
            "history_type": history_type,
            "history_user": user_id,
            "history_change_reason": reason,
        }
        if field.name not in constant:
            raise ValueError(f"history_copy: unknown history field {field.name}")
        selects.append("%s")
        params.append(field.get_db_prep_save(constant[field.name], connection))
    pk_column = quote(model._meta.pk.column)
    ids = [model._meta.pk.get_db_prep_value(pk, connection) for pk in ids]
    if not ids:
        return 0
    where, where_params = in_list_sql(connection, f"{quote(source)}.{pk_column}", ids)
    with connection.cursor() as cursor:  # one statement, the ids as one parameter
        cursor.execute(
            f"INSERT INTO {quote(hist._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(selects)} FROM {quote(source)} WHERE {where}",
            [*params, *where_params],
        )
        return cursor.rowcount


def in_list_sql(connection, lhs, values):
    """``lhs IN values`` with the values sent as one parameter: ``(sql, params)``."""
    if connection.vendor == "postgresql":
        return f"{lhs} = ANY(%s)", [list(values)]
    return f"{lhs} IN (SELECT value FROM json_each(%s))", [json.dumps(list(values))]


class InList(models.Lookup):
    """``field__in_list=values``: ``field IN values`` with the values sent as *one* parameter
    (PostgreSQL ``= ANY(%s)``, SQLite ``IN (SELECT value FROM json_each(%s))``), for the thousands
    of keys an import looks up; Django's ``__in`` prepares, and the database parses, one parameter
    per value (about a tenth of a second per 10,000)."""

    lookup_name = "in_list"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection) for value in self.rhs if value is not None]
        sql, params = in_list_sql(connection, lhs, values)
        return sql, [*lhs_params, *params]


models.Field.register_lookup(InList)
models.ForeignObject.register_lookup(InList)  # foreign keys look up their own lookups
