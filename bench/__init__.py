"""Measurements and whole-system checks (make bench, load-faults, worker-check, replica-check)."""


def fresh_database(url):
    """Drop and create the PostgreSQL database named by `url` (its server's `postgres` db)."""
    import psycopg

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
