package service

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/riverqueue/river"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/store"
)

// Accounts by mail (issue 10, item 4): a coordinator invites a colleague,
// who sets their own password through a single-use link that expires; a
// person who forgot their password asks for a single-use reset link. The
// links carry a 256-bit token of which only the hash is stored; the token
// is made when the mail is built, so no secret waits in the job queue.
const (
	InviteValidity = 7 * 24 * time.Hour
	ResetValidity  = time.Hour
	// ResetsPerAccount and ResetsPerClient limit reset requests per e-mail
	// address and per client address within ResetWindow; over the limit the
	// answer stays the same and no mail goes.
	ResetsPerAccount = 3
	ResetsPerClient  = 10
	ResetWindow      = time.Hour
)

// noPassword is the password hash of an invited account that has not set
// its password: it matches no password (it is not an argon2id hash).
const noPassword = "!invited"

// InviteInput is a colleague to invite.
type InviteInput struct {
	Email string
	Name  string
	Org   string
	Role  string
	// Language is the new account's language, one of the six, in which the
	// invitation is written ("": the language of the inviter's request).
	Language string
}

// Invite creates an account without a password and mails its owner a link
// to set one. A coordinator invites into their organisation; an
// administrator into any.
func (a *Accounts) Invite(ctx context.Context, by model.Viewer, in InviteInput) (model.Account, error) {
	acc, p := a.validate(AccountInput{Email: in.Email, Name: in.Name, Org: in.Org, Role: in.Role, Password: "placeholder-not-used-1540"})
	delete(p, "password")
	lang := strings.TrimSpace(in.Language)
	if lang == "" {
		lang = i18n.Get(i18n.FromContext(ctx)).Code
	}
	if !model.IsLanguage(lang) {
		p.Add("language", "must be one of the six official languages of the United Nations: %s", strings.Join(model.Languages, ", "))
	}
	if len(p) > 0 {
		return model.Account{}, p
	}
	if !by.SignedIn() && !by.IsSystem() {
		return model.Account{}, model.ErrUnauthenticated
	}
	if !canManage(by, acc.Org) {
		return model.Account{}, model.ErrForbidden
	}
	err := a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateAccount(ctx, &acc, noPassword); err != nil {
			if store.IsUniqueViolation(err) {
				return model.Problems{"email": "an account with this e-mail address already exists"}
			}
			return err
		}
		if err := tx.SetAccountLanguage(ctx, acc.ID, lang); err != nil {
			return err
		}
		acc.Language = lang
		if err := a.mailLink(ctx, tx, acc, "invite", InviteValidity, by); err != nil {
			return err
		}
		return tx.Audit(ctx, by, store.AuditRecord{Action: "account.invite", Kind: "account", RecordID: acc.ID,
			Summary: fmt.Sprintf("%s invited to %s as %s, in %s; a link to set a password (valid %s) mailed", acc.Email, acc.Org, acc.Role, lang, InviteValidity),
			After:   auditAccount(acc)})
	})
	if err != nil {
		return model.Account{}, err
	}
	return acc, nil
}

// ResendInvitation mails a new invitation link to an invited account that
// has not set its password yet (the old links stop working).
func (a *Accounts) ResendInvitation(ctx context.Context, by model.Viewer, email string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if !model.EmailAddress(email) {
		return model.Problems{"email": "enter an e-mail address such as name@example.org"}
	}
	if !by.SignedIn() && !by.IsSystem() {
		return model.ErrUnauthenticated
	}
	acc, secrets, err := a.db.AccountByEmail(ctx, email)
	if err != nil {
		return err
	}
	if !canManage(by, acc.Org) {
		return model.ErrNotFound
	}
	if secrets.PasswordHash != noPassword {
		return model.Problems{"email": "this person has already set a password"}
	}
	if acc.Disabled {
		return model.Problems{"email": "the account is disabled"}
	}
	return a.db.Write(ctx, func(tx *store.Tx) error {
		if err := a.mailLink(ctx, tx, acc, "invite", InviteValidity, by); err != nil {
			return err
		}
		return tx.Audit(ctx, by, store.AuditRecord{Action: "account.invite.resend", Kind: "account", RecordID: acc.ID,
			Summary: "invitation to " + acc.Email + " mailed again"})
	})
}

// mailLink stores a new link and enqueues its mail, in tx.
func (a *Accounts) mailLink(ctx context.Context, tx *store.Tx, acc model.Account, purpose string, valid time.Duration, by model.Viewer) error {
	l := store.AccountLink{AccountID: acc.ID, Purpose: purpose, ExpiresAt: a.now().UTC().Add(valid), CreatedBy: by.Label()}
	if err := tx.CreateAccountLink(ctx, &l); err != nil {
		return err
	}
	return a.jobs.insert(ctx, tx, river.InsertManyParams{Args: accountMailArgs{Link: l.ID}})
}

// RequestReset asks for a password reset link for email. The answer is
// the same whether or not the address has an account, and when the
// requests are throttled. A request that mails a link is audited each
// time (its throttle bounds the rate); one that mails nothing — no
// account, a disabled or invited one, too many requests — is a refusal
// (Accounts.refuse): counted and logged, audited at most once per client
// and minute, the address cut and cleaned.
func (a *Accounts) RequestReset(ctx context.Context, email, clientIP string) error {
	email = strings.ToLower(strings.TrimSpace(email))
	if !model.EmailAddress(email) {
		return model.Problems{"email": "enter an e-mail address such as name@example.org"}
	}
	now := a.now().UTC()
	over, err := a.countReset(ctx, now, email, clientIP)
	if err != nil {
		return err
	}
	acc, secrets, err := a.db.AccountByEmail(ctx, email)
	known := err == nil
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return err
	}
	reason := ""
	switch {
	case over:
		reason = "too many requests; no mail sent"
	case !known:
		reason = "no account has this address; no mail sent"
	case acc.Disabled:
		reason = "the account is disabled; no mail sent"
	case secrets.PasswordHash == noPassword:
		reason = "the account's invitation is still open; no mail sent"
	}
	if reason != "" {
		a.refuse(ctx, model.Anonymous, "auth.reset.refused", "", clientIP,
			"password reset asked for "+model.CleanLine(email, refusalTextMax)+": "+reason+" (client "+model.CleanLine(clientIP, 60)+")")
		return nil
	}
	return a.db.Write(ctx, func(tx *store.Tx) error {
		if err := a.mailLink(ctx, tx, acc, "reset", ResetValidity, model.Anonymous); err != nil {
			return err
		}
		return tx.Audit(ctx, model.Anonymous, store.AuditRecord{Action: "auth.reset.request", Kind: "account", RecordID: acc.ID,
			Summary: fmt.Sprintf("password reset link (valid %s) mailed to %s (client %s)", ResetValidity, acc.Email, clientIP)})
	})
}

// The reset requests are throttled like sign-in failures
// (service/throttle.go), under keys of their own: per e-mail address (kept
// as a hash) ResetsPerAccount, per client address ResetsPerClient, each
// within ResetWindow from the first request; a key over its limit stays
// locked for the rest of the window.
var (
	resetAccountRule = throttleRule{limit: ResetsPerAccount, window: ResetWindow, first: ResetWindow, max: ResetWindow}
	resetClientRule  = throttleRule{limit: ResetsPerClient, window: ResetWindow, first: ResetWindow, max: ResetWindow}
)

// countReset counts a request against the address and the client, and
// reports whether either was locked already (the request then mails
// nothing).
func (a *Accounts) countReset(ctx context.Context, now time.Time, email, client string) (over bool, err error) {
	keys := []struct {
		key  string
		rule throttleRule
	}{
		{"reset-account:" + HashToken("napx-throttle:" + email)[:32], resetAccountRule},
		{"reset-client:" + client, resetClientRule},
	}
	err = a.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		for _, k := range keys {
			t, err := tx.Throttle(ctx, k.key)
			if err != nil {
				return err
			}
			if t.LockedUntil.After(now) {
				over = true
				continue
			}
			if now.Sub(t.WindowStart) > k.rule.window {
				t = store.Throttle{WindowStart: now}
			}
			t.Failures++
			if d := k.rule.lockFor(t.Failures); d > 0 {
				t.LockedUntil = t.WindowStart.Add(d)
			}
			if err := tx.SetThrottle(ctx, k.key, t); err != nil {
				return err
			}
		}
		return nil
	})
	return over, err
}

// LinkView is what the page behind a link shows.
type LinkView struct {
	Purpose string // "invite" or "reset"
	Email   string
	Name    string
	OrgName string
	Expires time.Time
}

// link finds the link of token and checks that it can still be used: not
// used, not expired, its account active. Every refusal names its reason.
func (a *Accounts) link(ctx context.Context, token string) (store.AccountLink, model.Account, error) {
	refused := func(msg string) (store.AccountLink, model.Account, error) {
		return store.AccountLink{}, model.Account{}, model.Problems{"link": msg}
	}
	if token == "" || len(token) > 100 {
		return refused("this link is not complete; copy the whole address from the e-mail")
	}
	l, err := a.db.AccountLinkByToken(ctx, HashToken(token))
	if errors.Is(err, model.ErrNotFound) {
		return refused("this link is not valid: it is incomplete, or a newer e-mail replaced it")
	}
	if err != nil {
		return store.AccountLink{}, model.Account{}, err
	}
	acc, err := a.db.Account(ctx, l.AccountID)
	if err != nil {
		return store.AccountLink{}, model.Account{}, err
	}
	switch {
	case !l.UsedAt.IsZero():
		return refused("this link was already used; it works only once. Sign in, or ask for a new link")
	case !a.now().UTC().Before(l.ExpiresAt):
		if l.Purpose == "invite" {
			return refused("this invitation has expired; ask your organisation's coordinator to send it again")
		}
		return refused("this link has expired; ask for a new one on the sign-in page")
	case acc.Disabled:
		return refused("this account is disabled; ask your organisation's coordinator")
	}
	return l, acc, nil
}

// Link describes the link of token for its page, or refuses it.
func (a *Accounts) Link(ctx context.Context, token string) (LinkView, error) {
	l, acc, err := a.link(ctx, token)
	if err != nil {
		return LinkView{}, err
	}
	return LinkView{Purpose: l.Purpose, Email: acc.Email, Name: acc.Name, OrgName: a.cat.OrgName(acc.Org), Expires: l.ExpiresAt}, nil
}

// UseLink sets the password of the link's account, once. The account's
// sessions end, its other links stop working, and it is told.
func (a *Accounts) UseLink(ctx context.Context, token, password, clientIP string) (model.Account, error) {
	l, acc, err := a.link(ctx, token)
	if err != nil {
		return model.Account{}, err
	}
	if p := passwordProblems(password, acc.Email); len(p) > 0 {
		return model.Account{}, p
	}
	hash, err := argon2id.CreateHash(password, a.params)
	if err != nil {
		return model.Account{}, err
	}
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.UseAccountLink(ctx, l); err != nil {
			if errors.Is(err, model.ErrConflict) {
				return model.Problems{"link": "this link was already used; it works only once. Sign in, or ask for a new link"}
			}
			return err
		}
		if err := tx.SetAccountPassword(ctx, acc.ID, hash); err != nil {
			return err
		}
		if _, err := tx.RevokeSessions(ctx, acc.ID); err != nil {
			return err
		}
		action, summary, title := "auth.reset", "password of "+acc.Email+" reset through a mailed link; its sessions ended", "svcnotices.security.reset"
		if l.Purpose == "invite" {
			action, summary, title = "account.invite.accept", acc.Email+" accepted the invitation and set a password", "svcnotices.security.ready"
		}
		if err := a.notify.security(ctx, tx, acc, title); err != nil {
			return err
		}
		return tx.Audit(ctx, a.ViewerOf(acc), store.AuditRecord{Action: action, Kind: "account", RecordID: acc.ID, Summary: summary + " (client " + clientIP + ")"})
	})
	if err != nil {
		return model.Account{}, err
	}
	return acc, nil
}

// Invited reports which of accs are invited and have not set a password
// (the accounts page).
func (a *Accounts) Invited(ctx context.Context, accs []model.Account) (map[int64]bool, error) {
	out := map[int64]bool{}
	for _, acc := range accs {
		s, err := a.db.AccountSecrets(ctx, acc.ID)
		if err != nil {
			return nil, err
		}
		if s.PasswordHash == noPassword {
			out[acc.ID] = true
		}
	}
	return out, nil
}

// accountMailArgs is the mail of one link.
type accountMailArgs struct {
	Link int64 `json:"link"`
}

func (accountMailArgs) Kind() string { return "account.mail" }
func (accountMailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMail, MaxAttempts: mailAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type accountMailWorker struct {
	river.WorkerDefaults[accountMailArgs]
	a    *Accounts
	mail *Mailer
}

// Work makes the link's token (a new one each attempt: only its hash is
// kept) and mails it.
func (w *accountMailWorker) Work(ctx context.Context, job *river.Job[accountMailArgs]) error {
	a := w.a
	l, err := a.db.AccountLink(ctx, job.Args.Link)
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if !l.UsedAt.IsZero() || !a.now().UTC().Before(l.ExpiresAt) {
		return nil
	}
	acc, err := a.db.Account(ctx, l.AccountID)
	if err != nil || acc.Disabled {
		return err
	}
	token := newSecret(32)
	if err := a.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.SetAccountLinkToken(ctx, l.ID, HashToken(token)) }); err != nil {
		return err
	}
	link := w.mail.URL("/account/password?token=" + url.QueryEscape(token))
	// In the recipient's language (accounts.language; English when it
	// follows the browser: a letter has no browser to ask).
	pr := i18n.MustDefault().Printer(acc.Language)
	until := pr.DateTime(l.ExpiresAt)
	letter := Letter{To: acc.Email, ToName: acc.Name, Kind: "account." + l.Purpose, Lang: pr.Lang().Code}
	if l.Purpose == "invite" {
		letter.Subject = pr.T("mail.invite.subject")
		letter.Intro = pr.T("mail.invite.intro", l.CreatedBy, a.cat.OrgName(acc.Org), pr.T("account.role."+string(acc.Role)))
		letter.Items = []Item{{Title: pr.T("mail.invite.choose"), URL: link}}
		letter.Outro = pr.T("mail.invite.outro", until)
	} else {
		letter.Subject = pr.T("mail.reset.subject")
		letter.Intro = pr.T("mail.reset.intro", acc.Email)
		letter.Items = []Item{{Title: pr.T("mail.reset.choose"), URL: link}}
		letter.Outro = pr.T("mail.reset.outro", until)
	}
	return w.mail.Send(ctx, letter)
}
