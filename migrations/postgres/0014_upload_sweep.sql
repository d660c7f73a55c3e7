-- Sending files (issue 16): an upload remembers the kind it is sent as (a voice note and an audio
-- file share their type), and uploads never sent are swept after a day: found by age among the
-- files of no channel, their object kept while another file of the company has the same bytes.
ALTER TABLE media ADD COLUMN upload_kind TEXT;
CREATE INDEX media_uploads ON media (created_at) WHERE channel_id IS NULL;
CREATE INDEX media_objects ON media (company_id, sha256) WHERE sha256 IS NOT NULL;
