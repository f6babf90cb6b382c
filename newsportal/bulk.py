"""Writing rows by the hundred thousand (seed_bulk's term index and tag links, an import's):
Django's bulk_create spends most of its time building and compiling a model instance per row,
so these take plain tuples and hand them to the database's own bulk path, COPY on PostgreSQL,
executemany on SQLite. The caller gives values the columns take as they are; datetimes are
adapted here. For anything else (rows that need their model's defaults or signals), use
bulk_create.
"""

from itertools import islice

from django.db import DEFAULT_DB_ALIAS, connections, models

BATCH = 20_000


def insert_rows(model, fields, rows, *, using=DEFAULT_DB_ALIAS, prepared=False):
    """Insert `rows` (an iterable of tuples, one value per name in `fields`) into `model`'s
    table, a batch at a time; returns how many were written. `prepared`: the values are
    already the database's (as `get_db_prep_save` makes them)."""
    connection = connections[using]
    columns = [model._meta.get_field(name).column for name in fields]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    adapt = [] if prepared else _adapters(model, fields, connection)
    written = 0
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(rows, BATCH)):
            if adapt:
                batch = [_adapted(adapt, row) for row in batch]
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", batch)
            written += len(batch)
    return written


def insert_objects(objects, *, using=DEFAULT_DB_ALIAS):
    """Unsaved instances of one model, their primary keys set, written as bulk_create would
    write them (each field's `pre_save` and database value: auto_now times, defaults, JSON)
    without its per-row query compilation; returns how many were written. No signals."""
    objects = list(objects)
    if not objects:
        return 0
    model = type(objects[0])
    if any(obj.pk is None for obj in objects):
        raise ValueError("insert_objects writes objects whose primary keys are set")
    connection = connections[using]
    fields = model._meta.concrete_fields
    rows = (
        tuple(field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields)
        for obj in objects
    )
    written = insert_rows(model, [f.name for f in fields], rows, using=using, prepared=True)
    for obj in objects:
        obj._state.adding, obj._state.db = False, using
    return written


def _adapted(adapt, row):
    return tuple(a(value) if a else value for a, value in zip(adapt, row, strict=True))


def _adapters(model, fields, connection):
    """Per column, what turns a Python value into the one the database stores (None: as it
    is); an empty list when no column needs it."""
    if connection.vendor == "postgresql":
        return []  # psycopg adapts datetimes itself
    adapt = [
        connection.ops.adapt_datetimefield_value
        if isinstance(model._meta.get_field(name), models.DateTimeField)
        else None
        for name in fields
    ]
    return adapt if any(adapt) else []


def refresh_statistics(models, *, using=DEFAULT_DB_ALIAS):
    """After a bulk load (an import, a seeded newsroom): the planner's statistics of the
    tables of `models` for their new size (without them SQLite sorts every live story to find
    the newest ten). PostgreSQL outside a transaction also vacuums them: the new pages marked
    all-visible, counts and sitemaps read their indexes alone, as after autovacuum's pass."""
    connection = connections[using]
    tables = [connection.ops.quote_name(model._meta.db_table) for model in models]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            vacuum = "VACUUM " if connection.get_autocommit() else ""
            cursor.execute(f"{vacuum}ANALYZE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
