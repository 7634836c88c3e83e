-- Sign-in through an organisation's OpenID provider (issue 19).

-- An OpenID provider (an issuer and napx's client at it). The client
-- secret is never shown again and never audited.
CREATE TABLE oidc_providers (
    id @ID@,
    name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    client_secret TEXT NOT NULL,
    domains TEXT NOT NULL,
    created_at @TS@ NOT NULL,
    updated_at @TS@ NOT NULL,
    version BIGINT NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX oidc_providers_issuer ON oidc_providers (issuer);

-- The organisations whose people may sign in through a provider.
CREATE TABLE oidc_provider_orgs (
    provider_id BIGINT NOT NULL REFERENCES oidc_providers (id) ON DELETE CASCADE,
    org_code TEXT NOT NULL REFERENCES organizations (code),
    PRIMARY KEY (provider_id, org_code)
);

-- An identity at a provider linked to an account: by issuer and subject,
-- never by e-mail.
CREATE TABLE oidc_identities (
    id @ID@,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    email TEXT NOT NULL,
    linked_at @TS@ NOT NULL,
    last_used_at @TS@
);
CREATE UNIQUE INDEX oidc_identities_subject ON oidc_identities (issuer, subject);
CREATE INDEX oidc_identities_account ON oidc_identities (account_id);

-- A sign-in under way: bound to the browser (flow_hash is the hash of a
-- cookie's value), single use, expiring. state, nonce and the PKCE
-- verifier never leave napx but in the authorization request. Once the
-- provider answered for an identity not linked yet, stage is 'link' and
-- the identity waits here for the account's password.
CREATE TABLE oidc_flows (
    flow_hash TEXT PRIMARY KEY,
    provider_id BIGINT NOT NULL REFERENCES oidc_providers (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    nonce TEXT NOT NULL,
    verifier TEXT NOT NULL,
    next_path TEXT NOT NULL,
    invite_hash TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL CHECK (stage IN ('started', 'link', 'done')),
    subject TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    mfa BOOLEAN NOT NULL DEFAULT FALSE,
    created_at @TS@ NOT NULL,
    expires_at @TS@ NOT NULL
);

-- How each session signed in.
ALTER TABLE sessions ADD COLUMN auth_method TEXT NOT NULL DEFAULT 'password';
ALTER TABLE sessions ADD COLUMN auth_issuer TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN auth_mfa BOOLEAN NOT NULL DEFAULT FALSE;
