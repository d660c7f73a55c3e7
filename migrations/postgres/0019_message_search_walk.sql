-- Searching messages (issue 18.4), newest first without reading every match: a search first walks
-- the company's newest messages through this index (after its cursor), checking each one's words,
-- and asks the GIN index of 0018 only when that walk leaves its page short. A common word (one
-- message in 15) then costs the few hundred messages walked, not its tens of thousands of matches.
CREATE INDEX messages_company_sent ON messages (company_id, sent_at, id);
