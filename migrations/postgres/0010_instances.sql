-- Several server instances on one database. Each instance heartbeats; one that stops doing so is
-- dead, and what it held (open sockets, WhatsApp sessions) is let go.
CREATE TABLE instances (
    id UUID PRIMARY KEY,
    heartbeat_at TIMESTAMPTZ NOT NULL
);
-- Realtime sockets open per user on each instance: a user is online while any live instance has
-- one (see socket_opened / socket_closed).
CREATE TABLE instance_sockets (
    instance_id UUID NOT NULL,
    user_id UUID NOT NULL REFERENCES users (id),
    company_id UUID NOT NULL REFERENCES companies (id),
    sockets INTEGER NOT NULL,
    PRIMARY KEY (instance_id, user_id)
);
CREATE INDEX instance_sockets_user ON instance_sockets (user_id);
-- The instance holding a channel's live session (WhatsApp Web, simulator): exactly one at a time.
-- `stop` asks the holder to close the session ('disconnect') or to unlink the device ('logout').
CREATE TABLE session_leases (
    channel_id UUID PRIMARY KEY REFERENCES channels (id),
    instance_id UUID NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    stop TEXT
);
CREATE INDEX session_leases_instance ON session_leases (instance_id);
