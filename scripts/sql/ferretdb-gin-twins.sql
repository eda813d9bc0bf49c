-- ADR 62: FerretDB 1.24 sends an equality filter to PostgreSQL as `(_jsonb -> 'field') @> value`.
-- The btree expression indexes it creates for each MongoDB index cannot serve `@>`; a GIN index
-- on the same expression can. This event trigger gives every FerretDB btree index a GIN twin on
-- its leading field, when the index is created (so also for collections tests and
-- rebuild-and-swap create later), and the loop at the end does it for the indexes that exist.
-- Idempotent: run on every start of the native stack. MongoDB itself is untouched.

CREATE OR REPLACE FUNCTION crm_gin_twin_of(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $fn$
DECLARE
  method text;
  table_oid oid;
  table_name text;
  field text;
BEGIN
  SELECT am.amname, i.indrelid, t.relname
    INTO method, table_oid, table_name
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am am ON am.oid = c.relam
    JOIN pg_class t ON t.oid = i.indrelid
   WHERE i.indexrelid = index_oid;
  IF method IS DISTINCT FROM 'btree' THEN
    RETURN;
  END IF;
  field := substring(pg_get_indexdef(index_oid) FROM $re$USING btree \(\(\(_jsonb -> '([^']+)'::text\)\)$re$);
  IF field IS NULL THEN
    RETURN;
  END IF;
  EXECUTE format(
    'CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> %L))',
    left(table_name, 40) || '_' || left(md5(field), 12) || '_gin',
    table_oid::regclass,
    field
  );
END
$fn$;

CREATE OR REPLACE FUNCTION crm_gin_twins() RETURNS event_trigger
LANGUAGE plpgsql AS $fn$
DECLARE
  command record;
BEGIN
  FOR command IN
    SELECT objid FROM pg_event_trigger_ddl_commands()
     WHERE command_tag IN ('CREATE INDEX', 'CREATE TABLE') AND object_type = 'index'
  LOOP
    PERFORM crm_gin_twin_of(command.objid);
  END LOOP;
END
$fn$;

DROP EVENT TRIGGER IF EXISTS crm_gin_twins;
CREATE EVENT TRIGGER crm_gin_twins ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX', 'CREATE TABLE')
  EXECUTE FUNCTION crm_gin_twins();

DO $do$
DECLARE
  existing record;
BEGIN
  FOR existing IN
    SELECT i.indexrelid FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  LOOP
    PERFORM crm_gin_twin_of(existing.indexrelid);
  END LOOP;
END
$do$;
