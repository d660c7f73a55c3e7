-- An append to the event log is one INSERT, one round trip: the table orders and announces its own
-- appends. Before any row of an INSERT draws its cursor, the statement waits for the appends in
-- flight to commit, so cursors commit in order and a reader following them never skips one that
-- commits late. When it commits, every instance listening on `blocopro_events` hears it, with the
-- appending connection's `application_name` as payload: an instance skips its own appends, which
-- it already knows of.
CREATE FUNCTION events_take_turns() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(7316120012);
    RETURN NULL;
END
$$;
CREATE TRIGGER events_take_turns BEFORE INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_take_turns();

CREATE FUNCTION events_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('blocopro_events', current_setting('application_name'));
    RETURN NULL;
END
$$;
CREATE TRIGGER events_announce AFTER INSERT ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_announce();
