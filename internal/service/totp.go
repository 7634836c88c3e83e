package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"napx/internal/model"
	"napx/internal/store"
)

// totpOpts are the parameters every authenticator app understands:
// six digits, 30-second steps, SHA-1.
var totpOpts = totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// Enrolment is a second factor being set up: the secret to type, the
// otpauth:// link and a QR code of it.
type Enrolment struct {
	Secret string
	URL    string
	QRPNG  []byte
}

// BeginTOTP starts (or restarts) enrolment: a new secret is stored but not
// yet required; ConfirmTOTP turns it on.
func (a *Accounts) BeginTOTP(ctx context.Context, v model.Viewer) (Enrolment, error) {
	if !v.SignedIn() {
		return Enrolment{}, model.ErrUnauthenticated
	}
	if v.Account.TOTPEnabled {
		return Enrolment{}, model.Problems{"totp": "a second factor is already set up; remove it first to set up a new one"}
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "napx", AccountName: v.Account.Email, SecretSize: 20,
		Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrolment{}, fmt.Errorf("totp: %w", err)
	}
	err = a.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.SetTOTP(ctx, v.ID(), key.Secret(), false) })
	if err != nil {
		return Enrolment{}, err
	}
	return enrolment(key)
}

// PendingEnrolment shows the enrolment in progress again (the page was
// reloaded), or ErrNotFound when none is.
func (a *Accounts) PendingEnrolment(ctx context.Context, v model.Viewer) (Enrolment, error) {
	if !v.SignedIn() {
		return Enrolment{}, model.ErrUnauthenticated
	}
	s, err := a.db.AccountSecrets(ctx, v.ID())
	if err != nil {
		return Enrolment{}, err
	}
	if s.TOTPSecret == "" || v.Account.TOTPEnabled {
		return Enrolment{}, model.ErrNotFound
	}
	key, err := otp.NewKeyFromURL(fmt.Sprintf("otpauth://totp/napx:%s?secret=%s&issuer=napx&period=30&digits=6&algorithm=SHA1", v.Account.Email, s.TOTPSecret))
	if err != nil {
		return Enrolment{}, err
	}
	return enrolment(key)
}

func enrolment(key *otp.Key) (Enrolment, error) {
	img, err := key.Image(240, 240)
	if err != nil {
		return Enrolment{}, fmt.Errorf("totp qr: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Enrolment{}, err
	}
	return Enrolment{Secret: key.Secret(), URL: key.URL(), QRPNG: buf.Bytes()}, nil
}

// ConfirmTOTP checks a code from the authenticator against the pending
// secret and turns the second factor on. It returns ten recovery codes,
// shown once.
func (a *Accounts) ConfirmTOTP(ctx context.Context, v model.Viewer, code string) ([]string, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	s, err := a.db.AccountSecrets(ctx, v.ID())
	if err != nil {
		return nil, err
	}
	if s.TOTPSecret == "" || v.Account.TOTPEnabled {
		return nil, model.Problems{"code": "start the set-up first"}
	}
	step, ok := matchTOTP(s.TOTPSecret, code, a.now())
	if !ok {
		return nil, model.Problems{"code": "this code is not right; check the time on your device and enter the current code"}
	}
	codes, hashes := newRecoveryCodes()
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetTOTP(ctx, v.ID(), s.TOTPSecret, true); err != nil {
			return err
		}
		if err := tx.UseTOTPStep(ctx, v.ID(), step); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, v.ID(), hashes); err != nil {
			return err
		}
		if err := a.notify.security(ctx, tx, *v.Account, "svcnotices.security.totp.set"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "totp.enrol", Kind: "account", RecordID: v.ID(),
			Summary: "second factor (TOTP) set up; 10 recovery codes issued"})
	})
	if err != nil {
		return nil, err
	}
	return codes, nil
}

// VerifyTOTP completes a sign-in: the session waiting for its second
// factor becomes a full session when code is the current TOTP code (not
// used before) or an unused recovery code.
func (a *Accounts) VerifyTOTP(ctx context.Context, token, code, clientIP string) (model.Account, error) {
	acc, err := a.PendingAccount(ctx, token)
	if err != nil {
		return model.Account{}, err
	}
	now := a.now().UTC()
	keys := keysFor(acc.Email, clientIP)
	// The account's own lock does not apply here: failures made elsewhere
	// never lock out an account that signs in with its second factor.
	if l, err := a.locksOf(ctx, now, keys); err != nil {
		return model.Account{}, err
	} else if until := l.others(); !until.IsZero() {
		a.refuse(ctx, model.Anonymous, "auth.signin.throttled", "", clientIP, "second factor for "+acc.Email+" refused while locked (client "+clientIP+")")
		return model.Account{}, &ErrThrottled{Until: until}
	}
	s, err := a.db.AccountSecrets(ctx, acc.ID)
	if err != nil {
		return model.Account{}, err
	}
	code = strings.TrimSpace(code)
	v := a.ViewerOf(acc)
	err = a.db.Write(ctx, func(tx *store.Tx) error {
		how := "authenticator code"
		if step, ok := matchTOTP(s.TOTPSecret, code, now); ok {
			if err := tx.UseTOTPStep(ctx, acc.ID, step); err != nil {
				if errors.Is(err, model.ErrConflict) {
					return errReplayed
				}
				return err
			}
		} else if len(code) >= 8 {
			if err := tx.UseRecoveryCode(ctx, acc.ID, hashRecoveryCode(code)); err != nil {
				if errors.Is(err, model.ErrNotFound) {
					return errWrongCode
				}
				return err
			}
			how = "recovery code"
		} else {
			return errWrongCode
		}
		if err := tx.PromoteSession(ctx, HashToken(token)); err != nil {
			return err
		}
		if err := succeeded(ctx, tx, keys); err != nil {
			return err
		}
		if err := a.notify.security(ctx, tx, acc, "svcnotices.security.signin.totp", model.ArgText(clientIP), model.ArgKey("svcnotices.security.how."+strings.ReplaceAll(how, " ", "-"))); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "auth.totp", Kind: "account", RecordID: acc.ID,
			Summary: "second factor accepted (" + how + "); signed in (client " + clientIP + ")"})
	})
	if errors.Is(err, errWrongCode) || errors.Is(err, errReplayed) {
		a.fail(ctx, now, keys)
		reason := "wrong code"
		if errors.Is(err, errReplayed) {
			reason = "code already used"
		}
		a.auditEvent(ctx, model.Anonymous, "auth.totp.failed", acc.Email, "second factor refused for "+acc.Email+": "+reason+" (client "+clientIP+")")
		return model.Account{}, model.Problems{"code": "this code is not right, or was already used; enter the current code from your authenticator, or a recovery code"}
	}
	if err != nil {
		return model.Account{}, err
	}
	return acc, nil
}

var (
	errWrongCode = errors.New("wrong code")
	errReplayed  = errors.New("code already used")
)

// matchTOTP checks code against the steps around now (one step of clock
// drift either way) and returns the step it matched.
func matchTOTP(secret, code string, now time.Time) (int64, bool) {
	code = strings.ReplaceAll(strings.TrimSpace(code), " ", "")
	if len(code) != 6 || secret == "" {
		return 0, false
	}
	step := now.Unix() / 30
	for _, d := range []int64{0, -1, 1} {
		want, err := totp.GenerateCodeCustom(secret, time.Unix((step+d)*30, 0), totpOpts)
		if err == nil && constantTimeEqual(want, code) {
			return step + d, true
		}
	}
	return 0, false
}

// TOTPCode returns the current code for secret (tests and the demo use it
// to act as an authenticator app).
func TOTPCode(secret string, at time.Time) string {
	c, _ := totp.GenerateCodeCustom(secret, at, totpOpts)
	return c
}

// DisableTOTP removes the viewer's second factor, given the password.
func (a *Accounts) DisableTOTP(ctx context.Context, v model.Viewer, password string) error {
	if !v.SignedIn() {
		return model.ErrUnauthenticated
	}
	s, err := a.db.AccountSecrets(ctx, v.ID())
	if err != nil {
		return err
	}
	if ok, _ := argon2id.ComparePasswordAndHash(password, s.PasswordHash); !ok {
		return model.Problems{"password": "this is not your password"}
	}
	if a.MustEnrol(model.Viewer{Account: &model.Account{Role: v.Role(), Admin: v.IsAdmin()}}) {
		return model.Problems{"totp": "your role requires a second factor; set up a new one instead of removing it"}
	}
	return a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetTOTP(ctx, v.ID(), "", false); err != nil {
			return err
		}
		if err := tx.ReplaceRecoveryCodes(ctx, v.ID(), nil); err != nil {
			return err
		}
		if err := a.notify.security(ctx, tx, *v.Account, "svcnotices.security.totp.removed"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "totp.remove", Kind: "account", RecordID: v.ID(), Summary: "second factor removed"})
	})
}

// RecoveryCodesLeft counts the viewer's unused recovery codes.
func (a *Accounts) RecoveryCodesLeft(ctx context.Context, v model.Viewer) (int, error) {
	if !v.SignedIn() {
		return 0, model.ErrUnauthenticated
	}
	return a.db.RecoveryCodesLeft(ctx, v.ID())
}

// RenewRecoveryCodes replaces the viewer's recovery codes.
func (a *Accounts) RenewRecoveryCodes(ctx context.Context, v model.Viewer) ([]string, error) {
	if !v.SignedIn() {
		return nil, model.ErrUnauthenticated
	}
	if !v.Account.TOTPEnabled {
		return nil, model.Problems{"totp": "set up a second factor first"}
	}
	codes, hashes := newRecoveryCodes()
	err := a.db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.ReplaceRecoveryCodes(ctx, v.ID(), hashes); err != nil {
			return err
		}
		if err := a.notify.security(ctx, tx, *v.Account, "svcnotices.security.recovery"); err != nil {
			return err
		}
		return tx.Audit(ctx, v, store.AuditRecord{Action: "totp.recovery", Kind: "account", RecordID: v.ID(), Summary: "new recovery codes issued"})
	})
	return codes, err
}

// newRecoveryCodes returns ten codes (xxxxx-xxxxx, base32) and their hashes.
func newRecoveryCodes() (codes, hashes []string) {
	for range 10 {
		raw := strings.ToLower(base32NoPad.EncodeToString([]byte(newSecret(7)))[:10])
		c := raw[:5] + "-" + raw[5:]
		codes = append(codes, c)
		hashes = append(hashes, hashRecoveryCode(c))
	}
	return codes, hashes
}

func hashRecoveryCode(code string) string {
	c := strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
	return HashToken("recovery:" + c)
}
