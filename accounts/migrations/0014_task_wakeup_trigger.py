"""
PostgreSQL tells the task worker when a task becomes ready (accounts/core/task_wakeup.py):
a NOTIFY on every insert, or requeue, of a ready task, delivered when the enqueuing
transaction commits. Other databases get nothing; their worker polls.
"""

from django.db import migrations

# The channel accounts/core/task_wakeup.py listens on.
CREATE = """
CREATE OR REPLACE FUNCTION jmo_task_ready() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('jmo_tasks', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER jmo_task_ready
    AFTER INSERT OR UPDATE OF status ON {table}
    FOR EACH ROW WHEN (NEW.status = 'READY') EXECUTE FUNCTION jmo_task_ready();
"""
DROP = """
DROP TRIGGER IF EXISTS jmo_task_ready ON {table};
DROP FUNCTION IF EXISTS jmo_task_ready();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            tasks = apps.get_model("django_tasks_database", "DBTaskResult")
            table = schema_editor.quote_name(tasks._meta.db_table)
            schema_editor.execute(sql.format(table=table))

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0013_recovery_event_kinds"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
