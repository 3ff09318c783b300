-- Hand-written (drizzle cannot express FTS5): contact search (GET /api/v1/contacts?q=) by trigram
-- indexes instead of reading every contact and identity. Names are already in `contacts_name_fts`
-- (0010); this adds the contacts' email and phone, and each channel identity's external id and name
-- (engine/contacts/contact-search.ts). External content: the text is stored once, in its table.
CREATE VIRTUAL TABLE `contacts_reach_fts` USING fts5(email, phone, content='contacts', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `contacts_reach_fts`(`contacts_reach_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `contacts_reach_fts_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `contacts_reach_fts`(rowid, email, phone) VALUES (new.rowid, new.email, new.phone);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_reach_fts_delete` AFTER DELETE ON `contacts` BEGIN
  INSERT INTO `contacts_reach_fts`(`contacts_reach_fts`, rowid, email, phone) VALUES ('delete', old.rowid, old.email, old.phone);
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_reach_fts_update` AFTER UPDATE OF email, phone ON `contacts` BEGIN
  INSERT INTO `contacts_reach_fts`(`contacts_reach_fts`, rowid, email, phone) VALUES ('delete', old.rowid, old.email, old.phone);
  INSERT INTO `contacts_reach_fts`(rowid, email, phone) VALUES (new.rowid, new.email, new.phone);
END;
--> statement-breakpoint
CREATE VIRTUAL TABLE `contact_identities_fts` USING fts5(external_id, name, content='contact_identities', content_rowid='rowid', tokenize='trigram');
--> statement-breakpoint
INSERT INTO `contact_identities_fts`(`contact_identities_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `contact_identities_fts_insert` AFTER INSERT ON `contact_identities` BEGIN
  INSERT INTO `contact_identities_fts`(rowid, external_id, name) VALUES (new.rowid, new.external_id, new.name);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_identities_fts_delete` AFTER DELETE ON `contact_identities` BEGIN
  INSERT INTO `contact_identities_fts`(`contact_identities_fts`, rowid, external_id, name) VALUES ('delete', old.rowid, old.external_id, old.name);
END;
--> statement-breakpoint
CREATE TRIGGER `contact_identities_fts_update` AFTER UPDATE OF external_id, name ON `contact_identities` BEGIN
  INSERT INTO `contact_identities_fts`(`contact_identities_fts`, rowid, external_id, name) VALUES ('delete', old.rowid, old.external_id, old.name);
  INSERT INTO `contact_identities_fts`(rowid, external_id, name) VALUES (new.rowid, new.external_id, new.name);
END;
