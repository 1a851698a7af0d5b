-- The authorization code flow (OAuth 2.1 §4.1, OpenID Connect Core §3.1). Portable between PostgreSQL and H2.

-- An authorization request between GET /oauth2/authorize and the login form's POST, shared by every replica
-- (no sticky sessions). The form carries the id; the browser's binding cookie is stored only as a SHA-256 hash,
-- and the POST must present both (CSRF). A request is completed at most once.
create table authorization_requests (
    id                  varchar(64) primary key,
    client_id           varchar(100) not null,
    redirect_uri        varchar(2000) not null,
    state               varchar(1000),
    code_challenge      varchar(128) not null,
    scope               varchar(1000) not null,
    nonce               varchar(1000),
    login_hint          varchar(100),
    browser_hash        varchar(64) not null,
    created_at          timestamp with time zone not null,
    expires_at          timestamp with time zone not null,
    completed_at        timestamp with time zone
);
create index authorization_requests_expiry_idx on authorization_requests (expires_at);

-- Authorization codes, stored only as SHA-256 hashes, single use. A consumed code keeps its row (and the session
-- issued from it) until purged, so that a second presentation revokes that session.
create table authorization_codes (
    code_hash           varchar(64) primary key,
    client_id           varchar(100) not null,
    redirect_uri        varchar(2000) not null,
    code_challenge      varchar(128) not null,
    user_id             uuid not null references users (id) on delete cascade,
    scope               varchar(1000) not null,
    nonce               varchar(1000),
    auth_time           timestamp with time zone not null,
    -- SHA-256 of the password hash the user signed in against: a password set since voids the code.
    password_fingerprint varchar(64) not null,
    issued_at           timestamp with time zone not null,
    expires_at          timestamp with time zone not null,
    consumed_at         timestamp with time zone,
    session_id          uuid
);
create index authorization_codes_expiry_idx on authorization_codes (expires_at);
