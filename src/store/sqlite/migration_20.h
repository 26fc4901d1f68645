// Migration 20: the read path of statuses that no cache holds (an account's statuses,
// notifications). Internal to store/sqlite; listed in migrations.cpp.
//
// has_mentions, has_tags: statuses say whether they have mentions and tags (has_media already
// existed), so reading a page of statuses looks up only the mentions, tags and media that exist.
//
// why: a page of 20 statuses that no cache holds (an account's statuses, notifications) probed
// status_mentions, status_tags and media_attachments once per status — 60 index lookups, most of
// them finding nothing (15 % of statuses have a mention, 18 % a tag in the benchmark seed), each
// a page read: 22 % of an account-statuses request's server CPU (perf, bench/RESULTS.md "Read
// path, session 6").
//
// The flags are kept by triggers, so every writer (posting, edits, federation, bench-seed) keeps
// them without knowing: an inserted mention, tag or attached media sets its status's flag. A flag
// is never cleared when the rows go (an edit removing the last mention): a set flag with no rows
// costs one lookup that finds nothing, a clear flag with rows would lose data — only the second
// must never happen. has_media is also set exactly by SqliteMediaRepo::attach (the only_media
// filters read it); the triggers add the paths that insert media already attached.
//
// statuses_account_rows: an account's statuses, newest first, with every column a status read
// needs (PARLOIR_STATUS_COLUMNS), so the page of an account that no cache holds is a range scan of
// 2–3 index pages instead of 20 random table pages (the rows of one account are spread over the
// whole table, which is in id order). It costs space (the 1,000,000-status benchmark database
// grew from 1,033 to 1,504 MiB; long statuses spill to overflow pages) and a second write of a
// status's row when it is posted, edited or its counters change. The narrow statuses_account
// stays: id scans (home feed rebuilds, counts) read 200 ids per page from it instead of 11.
#pragma once

namespace parloir::store::sqlite {

inline constexpr const char* kMigration20 = R"sql(
ALTER TABLE statuses ADD COLUMN has_mentions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE statuses ADD COLUMN has_tags INTEGER NOT NULL DEFAULT 0;
UPDATE statuses SET has_mentions = 1 WHERE id IN (SELECT status_id FROM status_mentions);
UPDATE statuses SET has_tags = 1 WHERE id IN (SELECT status_id FROM status_tags);
UPDATE statuses SET has_media = 1
  WHERE has_media = 0 AND id IN (SELECT status_id FROM media_attachments WHERE status_id IS NOT NULL);
CREATE INDEX statuses_account_rows ON statuses (account_id, id DESC, uri, text, content, spoiler_text,
  visibility, sensitive, local_only, language, in_reply_to_id, in_reply_to_account_id, reblog_of_id,
  conversation_id, application_id, created_at, edited_at, replies_count, reblogs_count, favourites_count,
  poll_id, has_mentions, has_tags, has_media);
CREATE TRIGGER status_mentions_flag AFTER INSERT ON status_mentions BEGIN
  UPDATE statuses SET has_mentions = 1 WHERE id = new.status_id AND has_mentions = 0;
END;
CREATE TRIGGER status_tags_flag AFTER INSERT ON status_tags BEGIN
  UPDATE statuses SET has_tags = 1 WHERE id = new.status_id AND has_tags = 0;
END;
CREATE TRIGGER media_attachments_flag_insert AFTER INSERT ON media_attachments
  WHEN new.status_id IS NOT NULL BEGIN
  UPDATE statuses SET has_media = 1 WHERE id = new.status_id AND has_media = 0;
END;
CREATE TRIGGER media_attachments_flag_update AFTER UPDATE OF status_id ON media_attachments
  WHEN new.status_id IS NOT NULL BEGIN
  UPDATE statuses SET has_media = 1 WHERE id = new.status_id AND has_media = 0;
END;
)sql";

}  // namespace parloir::store::sqlite
