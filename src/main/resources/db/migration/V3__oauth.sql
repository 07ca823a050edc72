-- OAuth2 mode: the people docbridge keeps itself (when no company directory is configured), the
-- authorization codes and tokens it hands out, and failed logins (so that guessing is slowed on
-- every node alike). Times are epoch milliseconds.

-- Embedded users: a PBKDF2 hash in Jakarta Security's format, never a password.
CREATE TABLE users (
    name          VARCHAR(256)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(512)  NOT NULL,
    display_name  VARCHAR(256),
    disabled      BOOLEAN       NOT NULL DEFAULT FALSE,
    changed_at    BIGINT        NOT NULL
);

CREATE TABLE user_groups (
    user_name  VARCHAR(256) NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    group_name VARCHAR(128) NOT NULL,
    PRIMARY KEY (user_name, group_name)
);

-- Codes ('C'), access tokens ('A') and refresh tokens ('R'), by the SHA-256 of their value. A family
-- is everything issued from one authorization: a retired refresh token presented again revokes it
-- whole (after a short grace from its retirement, for a client's own parallel refreshes). A code's
-- row is kept, used, until it expires, so that a second use is recognised.
CREATE TABLE oauth_tokens (
    token_hash CHAR(64)     NOT NULL PRIMARY KEY,
    kind       CHAR(1)      NOT NULL,
    family     CHAR(32)     NOT NULL,
    client_id  VARCHAR(128) NOT NULL,
    user_name  VARCHAR(256) NOT NULL,
    expires_at BIGINT       NOT NULL,
    retired    BOOLEAN      NOT NULL DEFAULT FALSE,
    retired_at BIGINT       NOT NULL DEFAULT 0
);
CREATE INDEX oauth_tokens_family ON oauth_tokens (family);
CREATE INDEX oauth_tokens_expiry ON oauth_tokens (expires_at);
CREATE INDEX oauth_tokens_user ON oauth_tokens (user_name);

-- Failed logins per subject ('u:' + user name, 'a:' + address) in the current window.
CREATE TABLE login_failures (
    subject  VARCHAR(300) NOT NULL PRIMARY KEY,
    failures INT          NOT NULL,
    last_at  BIGINT       NOT NULL
);
