-- The search index: every item's name as search matches it (Unicode NFC, lower case), its kind, and
-- the change-feed version of the transaction that last gave the row its name, so that each node's
-- in-memory copy of the index reads only what changed since it last looked. Such a transaction adds
-- a row of kind 'N' to the change feed (the key: the folder where names arrived).
ALTER TABLE items ADD COLUMN name_key VARCHAR(1024);
ALTER TABLE items ADD COLUMN folder BOOLEAN;
ALTER TABLE items ADD COLUMN named_at BIGINT NOT NULL DEFAULT 0;
-- rows of earlier versions: close enough until the next walk; a node computes exact keys for its copy
UPDATE items SET name_key = LOWER(name);
CREATE INDEX items_named_at ON items (named_at);

-- One row: whether the index was ever walked to the end (search answers from it only then), the last
-- walk's end and size, and which node walks now (a lease: one node at a time walks the share).
CREATE TABLE search_index (
    k           INT         NOT NULL PRIMARY KEY,
    built_at    BIGINT,
    walked_at   BIGINT      NOT NULL DEFAULT 0,
    walked      BIGINT      NOT NULL DEFAULT 0,
    walker      VARCHAR(64),
    lease_until BIGINT      NOT NULL DEFAULT 0
);
INSERT INTO search_index (k) VALUES (1);
