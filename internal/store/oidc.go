package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"napx/internal/model"
)

// OIDCProvider is an organisation's OpenID provider (issue 19).
type OIDCProvider struct {
	ID           int64
	Name         string
	Issuer       string
	ClientID     string
	ClientSecret string // never shown, never audited
	Domains      []string
	Orgs         []string
	CreatedAt    time.Time
	Version      int64
}

const oidcProviderColumns = `id, name, issuer, client_id, client_secret, domains, created_at, version`

func scanOIDCProvider(row scanner) (OIDCProvider, error) {
	var p OIDCProvider
	var domains string
	if err := row.Scan(&p.ID, &p.Name, &p.Issuer, &p.ClientID, &p.ClientSecret, &domains, &p.CreatedAt, &p.Version); err != nil {
		return p, translate(err)
	}
	p.Domains, p.CreatedAt = strings.Fields(domains), p.CreatedAt.UTC()
	return p, nil
}

// CreateOIDCProvider stores p and the organisations it serves.
func (tx *Tx) CreateOIDCProvider(ctx context.Context, p *OIDCProvider) error {
	id, err := tx.insertID(ctx, `INSERT INTO oidc_providers (name, issuer, client_id, client_secret, domains, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $6, 1) RETURNING id`, p.Name, p.Issuer, p.ClientID, p.ClientSecret, strings.Join(p.Domains, " "), tx.Now())
	if err != nil {
		return fmt.Errorf("store: create OpenID provider: %w", err)
	}
	p.ID, p.CreatedAt, p.Version = id, tx.Now(), 1
	for _, org := range p.Orgs {
		if _, err := tx.exec(ctx, `INSERT INTO oidc_provider_orgs (provider_id, org_code) VALUES ($1, $2)`, id, org); err != nil {
			return fmt.Errorf("store: OpenID provider's organisation: %w", err)
		}
	}
	return nil
}

// DeleteOIDCProvider removes a provider; its identities stay linked (to
// sign in again once it is back) and its flows under way end.
func (tx *Tx) DeleteOIDCProvider(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `DELETE FROM oidc_providers WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: delete OpenID provider: %w", err)
	}
	return oneRow(res, model.ErrNotFound)
}

// OIDCProviders lists every provider with its organisations, by name.
func (c *Conn) OIDCProviders(ctx context.Context) ([]OIDCProvider, error) {
	ps, err := queryAll(ctx, c, scanOIDCProvider, `SELECT `+oidcProviderColumns+` FROM oidc_providers ORDER BY name, id`)
	if err != nil {
		return nil, err
	}
	type po struct {
		id  int64
		org string
	}
	links, err := queryAll(ctx, c, func(s scanner) (po, error) {
		var x po
		return x, s.Scan(&x.id, &x.org)
	}, `SELECT provider_id, org_code FROM oidc_provider_orgs`)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		for _, l := range links {
			if l.id == ps[i].ID {
				ps[i].Orgs = append(ps[i].Orgs, l.org)
			}
		}
		sort.Strings(ps[i].Orgs)
	}
	return ps, nil
}

// OIDCProvider returns one provider with its organisations.
func (c *Conn) OIDCProvider(ctx context.Context, id int64) (OIDCProvider, error) {
	ps, err := c.OIDCProviders(ctx)
	if err != nil {
		return OIDCProvider{}, err
	}
	for _, p := range ps {
		if p.ID == id {
			return p, nil
		}
	}
	return OIDCProvider{}, model.ErrNotFound
}

// OIDCIdentity is an identity at a provider linked to an account.
type OIDCIdentity struct {
	ID        int64
	AccountID int64
	Issuer    string
	Subject   string
	Email     string
	LinkedAt  time.Time
}

// OIDCIdentity finds the identity (issuer, subject), or ErrNotFound.
func (c *Conn) OIDCIdentity(ctx context.Context, issuer, subject string) (OIDCIdentity, error) {
	var i OIDCIdentity
	err := c.queryRow(ctx, `SELECT id, account_id, issuer, subject, email, linked_at FROM oidc_identities WHERE issuer = $1 AND subject = $2`,
		issuer, subject).Scan(&i.ID, &i.AccountID, &i.Issuer, &i.Subject, &i.Email, &i.LinkedAt)
	if err != nil {
		return i, translate(err)
	}
	i.LinkedAt = i.LinkedAt.UTC()
	return i, nil
}

// LinkOIDCIdentity links an identity to an account (a unique violation
// when the identity is linked already).
func (tx *Tx) LinkOIDCIdentity(ctx context.Context, i *OIDCIdentity) error {
	id, err := tx.insertID(ctx, `INSERT INTO oidc_identities (account_id, issuer, subject, email, linked_at, last_used_at)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, i.AccountID, i.Issuer, i.Subject, i.Email, tx.Now())
	if err != nil {
		return fmt.Errorf("store: link identity: %w", err)
	}
	i.ID, i.LinkedAt = id, tx.Now()
	return nil
}

// TouchOIDCIdentity records a sign-in with an identity.
func (tx *Tx) TouchOIDCIdentity(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE oidc_identities SET last_used_at = $2 WHERE id = $1`, id, tx.Now())
	return err
}

// OIDCFlow is a sign-in through a provider under way.
type OIDCFlow struct {
	FlowHash   string
	ProviderID int64
	State      string
	Nonce      string
	Verifier   string
	Next       string
	InviteHash string
	Stage      string // "started", "link", "done"
	Subject    string
	Email      string
	MFA        bool
	CreatedAt  time.Time
	ExpiresAt  time.Time
}

// CreateOIDCFlow stores a new flow.
func (tx *Tx) CreateOIDCFlow(ctx context.Context, f OIDCFlow) error {
	_, err := tx.exec(ctx, `INSERT INTO oidc_flows (flow_hash, provider_id, state, nonce, verifier, next_path, invite_hash, stage, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'started', $8, $9)`, f.FlowHash, f.ProviderID, f.State, f.Nonce, f.Verifier, f.Next, f.InviteHash, tx.Now(), f.ExpiresAt)
	if err != nil {
		return fmt.Errorf("store: create sign-in flow: %w", err)
	}
	return nil
}

// OIDCFlow returns the flow of a browser, or ErrNotFound.
func (c *Conn) OIDCFlow(ctx context.Context, flowHash string) (OIDCFlow, error) {
	var f OIDCFlow
	err := c.queryRow(ctx, `SELECT flow_hash, provider_id, state, nonce, verifier, next_path, invite_hash, stage, subject, email, mfa, created_at, expires_at
		FROM oidc_flows WHERE flow_hash = $1`, flowHash).Scan(&f.FlowHash, &f.ProviderID, &f.State, &f.Nonce, &f.Verifier, &f.Next, &f.InviteHash,
		&f.Stage, &f.Subject, &f.Email, &f.MFA, &f.CreatedAt, &f.ExpiresAt)
	if err != nil {
		return f, translate(err)
	}
	f.CreatedAt, f.ExpiresAt = f.CreatedAt.UTC(), f.ExpiresAt.UTC()
	return f, nil
}

// AdvanceOIDCFlow moves a flow from stage from to stage to (with the
// identity the provider answered for), once: ErrConflict when the flow
// was not at from (used already, by another request).
func (tx *Tx) AdvanceOIDCFlow(ctx context.Context, flowHash, from, to, subject, email string, mfa bool) error {
	res, err := tx.exec(ctx, `UPDATE oidc_flows SET stage = $3, subject = $4, email = $5, mfa = $6 WHERE flow_hash = $1 AND stage = $2`,
		flowHash, from, to, subject, email, mfa)
	if err != nil {
		return fmt.Errorf("store: advance sign-in flow: %w", err)
	}
	return oneRow(res, model.ErrConflict)
}

// DeleteOIDCFlows removes flows that expired before cutoff.
func (tx *Tx) DeleteOIDCFlows(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM oidc_flows WHERE expires_at < $1`, cutoff)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
