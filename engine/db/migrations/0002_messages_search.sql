-- Full-text search over message text for the inbox's `q` filter: an FTS5 index kept in step with
-- `messages` by triggers (external-content table, so the text is stored once).
CREATE VIRTUAL TABLE `messages_fts` USING fts5(fallback_text, content='messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');
--> statement-breakpoint
INSERT INTO `messages_fts`(rowid, fallback_text) SELECT rowid, fallback_text FROM `messages`;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_insert` AFTER INSERT ON `messages` BEGIN
  INSERT INTO `messages_fts`(rowid, fallback_text) VALUES (new.rowid, new.fallback_text);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_delete` AFTER DELETE ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, fallback_text) VALUES ('delete', old.rowid, old.fallback_text);
END;
--> statement-breakpoint
CREATE TRIGGER `messages_fts_update` AFTER UPDATE OF fallback_text ON `messages` BEGIN
  INSERT INTO `messages_fts`(`messages_fts`, rowid, fallback_text) VALUES ('delete', old.rowid, old.fallback_text);
  INSERT INTO `messages_fts`(rowid, fallback_text) VALUES (new.rowid, new.fallback_text);
END;
