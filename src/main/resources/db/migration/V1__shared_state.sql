-- docbridge's shared state: everything that every node must see alike. Written in the SQL that
-- PostgreSQL and H2 (in its PostgreSQL mode) both take. Times are epoch milliseconds.

-- The id catalogue: each item known by id, with its parent's id and its own name. An id stays the
-- same however deep the item is; a rename or move changes one row. Deleting a row deletes the rows
-- below it. The root is the row without parent.
CREATE TABLE items (
    id            VARCHAR(16)   NOT NULL PRIMARY KEY,
    parent_id     VARCHAR(16)   REFERENCES items (id) ON DELETE CASCADE,
    name          VARCHAR(1024) NOT NULL,
    -- when a listing of the parent first missed this item; 0 while listings see it
    missing_since BIGINT        NOT NULL DEFAULT 0,
    CONSTRAINT items_place UNIQUE (parent_id, name)
);
INSERT INTO items (id, parent_id, name) VALUES ('/', NULL, '');

-- A move announced before the rename on disk, until the catalogue follows it (or it is called off).
-- A node that stopped in between settles its own at its next start; any node settles one older than
-- an hour (its node is gone for good).
CREATE TABLE pending_moves (
    id        VARCHAR(16)   NOT NULL PRIMARY KEY REFERENCES items (id) ON DELETE CASCADE,
    parent_id VARCHAR(16)   NOT NULL,
    name      VARCHAR(1024) NOT NULL,
    node      VARCHAR(64)   NOT NULL,
    since     BIGINT        NOT NULL
);
CREATE INDEX pending_moves_target ON pending_moves (parent_id, name);

-- The change feed: what nodes caching state must forget. A writer takes the next version by updating
-- feed_head in its own transaction (the row lock orders writers, so versions become visible in order)
-- and adds one row per changed key: kind 'I' an item (moved, renamed or forgotten), 'L' a lock.
CREATE TABLE feed_head (
    k       INT    NOT NULL PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO feed_head (k, version) VALUES (1, 0);

CREATE TABLE changes (
    version  BIGINT      NOT NULL,
    kind     CHAR(1)     NOT NULL,
    item_key VARCHAR(64) NOT NULL,
    at       BIGINT      NOT NULL
);
CREATE INDEX changes_version ON changes (version);

-- Items locked against change (the lock custom action).
CREATE TABLE locks (
    id        VARCHAR(16)  NOT NULL PRIMARY KEY,
    user_name VARCHAR(512) NOT NULL,
    since     BIGINT       NOT NULL
);

-- What uploadInit started: the item it made, who, when, Workfront's ids, and when the content
-- last arrived completely (null while it never has). expiring_since: a node removing the abandoned
-- placeholder claimed it then.
CREATE TABLE uploads (
    id                  VARCHAR(16)  NOT NULL PRIMARY KEY,
    user_name           VARCHAR(512) NOT NULL,
    opened              BIGINT       NOT NULL,
    document_id         VARCHAR(512),
    document_version_id VARCHAR(512),
    completed           BIGINT,
    expiring_since      BIGINT
);
CREATE INDEX uploads_version ON uploads (document_version_id);
CREATE INDEX uploads_document ON uploads (document_id, opened);

-- Secrets docbridge generates when none is configured (an API key, the link-signing secret): one
-- value for every node.
CREATE TABLE secrets (
    name         VARCHAR(64)  NOT NULL PRIMARY KEY,
    secret_value VARCHAR(256) NOT NULL
);

-- The journal files of earlier versions imported into this database, once each.
CREATE TABLE imported_journals (
    name        VARCHAR(64) NOT NULL PRIMARY KEY,
    imported_at BIGINT      NOT NULL,
    records     BIGINT      NOT NULL,
    backup_name VARCHAR(256) NOT NULL
);
