-- The service report's message counts (issue 19.6) without reading every message: counts per quarter
-- hour of Unix time and per what the report groups by, kept by triggers in the statement that writes
-- the message (SQLite has one writer at a time: the counts are exact whatever runs at once). A day,
-- week or month of every zone today starts on a quarter hour (see `reports::volume`), so the report
-- sums these rows; a span that does not (none today) is counted from the messages themselves.
-- Counted, as index `messages_counted` (0024) and the store's `counted_messages!` say: no notes or
-- transfers, in direct chats (a group's id ends in `@g.us`).
-- PostgreSQL counts from `messages_counted` directly: its report is under 1 s over a million
-- messages, and shared counter rows would make concurrent writers of one channel wait for each other.

CREATE TABLE service_message_counts (
    company_id BLOB NOT NULL,
    -- The start of the quarter hour the messages were sent in (microseconds, as `sent_at`).
    quarter_start INTEGER NOT NULL,
    direction TEXT NOT NULL,
    channel_id BLOB NOT NULL,
    author_id BLOB,
    department_id BLOB,
    count INTEGER NOT NULL
);
CREATE UNIQUE INDEX service_message_counts_key ON service_message_counts
    (company_id, quarter_start, direction, channel_id, ifnull(author_id, X''), ifnull(department_id, X''));

INSERT INTO service_message_counts
    SELECT company_id, sent_at - (sent_at % 900000000 + 900000000) % 900000000, direction, channel_id, author_id,
           department_id, COUNT(*)
    FROM messages WHERE kind NOT IN ('note', 'transfer') AND chat_id NOT LIKE '%@g.us'
    GROUP BY 1, 2, 3, 4, 5, 6;

CREATE TRIGGER service_message_counts_insert AFTER INSERT ON messages
    WHEN new.kind NOT IN ('note', 'transfer') AND new.chat_id NOT LIKE '%@g.us' BEGIN
    INSERT INTO service_message_counts
        VALUES (new.company_id, new.sent_at - (new.sent_at % 900000000 + 900000000) % 900000000, new.direction,
                new.channel_id, new.author_id, new.department_id, 1)
        ON CONFLICT (company_id, quarter_start, direction, channel_id, ifnull(author_id, X''), ifnull(department_id, X''))
        DO UPDATE SET count = count + 1;
END;

-- The message's old row loses it, its new row gains it (a row left at zero stays; the report skips it).
CREATE TRIGGER service_message_counts_update
    AFTER UPDATE OF company_id, sent_at, direction, channel_id, author_id, department_id, kind, chat_id ON messages
    WHEN old.company_id IS NOT new.company_id OR old.sent_at IS NOT new.sent_at OR old.direction IS NOT new.direction
        OR old.channel_id IS NOT new.channel_id OR old.author_id IS NOT new.author_id
        OR old.department_id IS NOT new.department_id OR old.kind IS NOT new.kind OR old.chat_id IS NOT new.chat_id BEGIN
    UPDATE service_message_counts SET count = count - 1
        WHERE old.kind NOT IN ('note', 'transfer') AND old.chat_id NOT LIKE '%@g.us'
          AND company_id = old.company_id
          AND quarter_start = old.sent_at - (old.sent_at % 900000000 + 900000000) % 900000000
          AND direction = old.direction AND channel_id = old.channel_id
          AND ifnull(author_id, X'') = ifnull(old.author_id, X'') AND ifnull(department_id, X'') = ifnull(old.department_id, X'');
    INSERT INTO service_message_counts
        SELECT new.company_id, new.sent_at - (new.sent_at % 900000000 + 900000000) % 900000000, new.direction,
               new.channel_id, new.author_id, new.department_id, 1
        WHERE new.kind NOT IN ('note', 'transfer') AND new.chat_id NOT LIKE '%@g.us'
        ON CONFLICT (company_id, quarter_start, direction, channel_id, ifnull(author_id, X''), ifnull(department_id, X''))
        DO UPDATE SET count = count + 1;
END;

CREATE TRIGGER service_message_counts_delete AFTER DELETE ON messages
    WHEN old.kind NOT IN ('note', 'transfer') AND old.chat_id NOT LIKE '%@g.us' BEGIN
    UPDATE service_message_counts SET count = count - 1
        WHERE company_id = old.company_id
          AND quarter_start = old.sent_at - (old.sent_at % 900000000 + 900000000) % 900000000
          AND direction = old.direction AND channel_id = old.channel_id
          AND ifnull(author_id, X'') = ifnull(old.author_id, X'') AND ifnull(department_id, X'') = ifnull(old.department_id, X'');
END;

-- The report reads these rows now; the index served it alone.
DROP INDEX messages_counted;
