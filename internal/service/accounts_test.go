package service_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// The engine subtests run side by side (storetest.ParallelEngines): they
// share nothing, which TestEngineSubtestsShareNothing keeps so.
func TestMain(m *testing.M) {
	storetest.ParallelEngines()
	os.Exit(storetest.Main(m))
}

// TestEngineSubtestsShareNothing: no engine subtest of this package writes
// a variable of its test, and no test reads their results after the
// engine loop (storetest's own test is the control).
func TestEngineSubtestsShareNothing(t *testing.T) { storetest.CheckSharesNothing(t) }

// clock is a settable time for the services.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newServices(t *testing.T, db *store.DB, c *clock) *service.Services {
	return service.New(service.Deps{DB: db, Catalog: storetest.Catalog(t), Now: c.Now,
		Auth: service.AuthOptions{HashParams: webtest.CheapHashing}})
}

var system = model.SystemViewer("test")

const goodPassword = "correct horse battery staple"

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		pw, email string
		ok        bool
	}{
		{"password1234", "", false},   // in the list
		{"short", "", false},          // too short
		{"qwertyuiop12", "", false},   // in the list
		{"dragon1234567!", "", false}, // a common word padded
		{"aaaaaaaaaaaa", "", false},   // repeated
		{"abcabcabcabc", "", false},   // repeated group
		{"my-ana.primjer-pass", "ana.primjer@hrv.example.org", false},
		{"correct horse battery staple", "", true},
		{"Vx9!Tr4#kLm2q", "", true},
	}
	for _, tt := range tests {
		if got := service.CheckPassword(tt.pw, tt.email) == ""; got != tt.ok {
			t.Errorf("CheckPassword(%q) accepts = %v, want %v (%s)", tt.pw, got, tt.ok, service.CheckPassword(tt.pw, tt.email))
		}
	}
}

func TestCreateAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newServices(t, db, &clock{t: time.Now()})
		ok := service.AccountInput{Email: "Ana@HRV.example.org", Org: "hrv", Role: "coordinator", Password: goodPassword}
		acc, err := svc.Accounts.Create(ctx, system, ok)
		if err != nil {
			t.Fatal(err)
		}
		if acc.Email != "ana@hrv.example.org" || acc.Org != "HRV" || acc.Role != model.RoleCoordinator {
			t.Errorf("created %+v", acc)
		}
		hrvCoord := svc.Accounts.ViewerOf(acc)
		tests := []struct {
			name  string
			by    model.Viewer
			in    service.AccountInput
			field string // the field named in the 422, or "" for another error
			err   error
		}{
			{"duplicate e-mail", system, ok, "email", nil},
			{"unknown organisation", system, service.AccountInput{Email: "x@y.org", Org: "XYZ", Role: "viewer", Password: goodPassword}, "org", nil},
			{"bad role", system, service.AccountInput{Email: "x@y.org", Org: "HRV", Role: "boss", Password: goodPassword}, "role", nil},
			{"bad e-mail", system, service.AccountInput{Email: "not an address", Org: "HRV", Role: "viewer", Password: goodPassword}, "email", nil},
			{"short password", system, service.AccountInput{Email: "x@y.org", Org: "HRV", Role: "viewer", Password: "short1"}, "password", nil},
			{"common password", system, service.AccountInput{Email: "x@y.org", Org: "HRV", Role: "viewer", Password: "password1234"}, "password", nil},
			{"coordinator for another organisation", hrvCoord, service.AccountInput{Email: "x@srb.org", Org: "SRB", Role: "viewer", Password: goodPassword}, "", model.ErrForbidden},
			{"coordinator makes an admin", hrvCoord, service.AccountInput{Email: "x@hrv.org", Org: "HRV", Role: "viewer", Admin: true, Password: goodPassword}, "", model.ErrForbidden},
			{"anonymous", model.Anonymous, service.AccountInput{Email: "x@hrv.org", Org: "HRV", Role: "viewer", Password: goodPassword}, "", model.ErrUnauthenticated},
		}
		before, _ := db.AccountCount(ctx)
		for _, tt := range tests {
			_, err := svc.Accounts.Create(ctx, tt.by, tt.in)
			if tt.field != "" {
				p, isP := model.AsProblems(err)
				if !isP || p[tt.field] == "" {
					t.Errorf("%s: %v, want a problem with %s", tt.name, err, tt.field)
				}
				continue
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("%s: %v, want %v", tt.name, err, tt.err)
			}
		}
		if after, _ := db.AccountCount(ctx); after != before {
			t.Errorf("refused creations changed the accounts: %d → %d", before, after)
		}
		// The coordinator may add a viewer to their own organisation.
		if _, err := svc.Accounts.Create(ctx, hrvCoord, service.AccountInput{Email: "new@hrv.example.org", Org: "HRV", Role: "viewer", Password: goodPassword}); err != nil {
			t.Errorf("coordinator adds to own organisation: %v", err)
		}
	})
}

func TestSignInAndDisable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
		svc := newServices(t, db, c)
		acc, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "a@hrv.example.org", Org: "HRV", Role: "editor", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		// Wrong password and unknown address: the same answer.
		_, errWrong := svc.Accounts.SignIn(ctx, "a@hrv.example.org", "wrong password here", "192.0.2.7", "test")
		_, errUnknown := svc.Accounts.SignIn(ctx, "nobody@hrv.example.org", "wrong password here", "192.0.2.7", "test")
		if !errors.Is(errWrong, service.ErrBadCredentials) || !errors.Is(errUnknown, service.ErrBadCredentials) || errWrong.Error() != errUnknown.Error() {
			t.Fatalf("wrong password: %v; unknown e-mail: %v — want the same answer", errWrong, errUnknown)
		}
		failed, _ := db.AuditEntries(ctx, model.AuditFilter{Action: "auth.signin.failed"})
		if len(failed) != 2 {
			t.Errorf("%d failed attempts audited, want 2", len(failed))
		}
		res, err := svc.Accounts.SignIn(ctx, "A@hrv.example.org", goodPassword, "192.0.2.7", "test")
		if err != nil || res.NeedTOTP {
			t.Fatalf("sign in: %+v %v", res, err)
		}
		v, _, err := svc.Accounts.Authenticate(ctx, res.Token)
		if err != nil || v.ID() != acc.ID {
			t.Fatalf("authenticate: %v %v", v, err)
		}
		token, _, err := svc.Accounts.CreateToken(ctx, system, acc.Email, "ci")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Accounts.AuthenticateToken(ctx, token); err != nil {
			t.Fatalf("token: %v", err)
		}
		if _, err := svc.Accounts.Disable(ctx, system, acc.Email); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Accounts.Authenticate(ctx, res.Token); !errors.Is(err, model.ErrUnauthenticated) {
			t.Errorf("session after disable: %v", err)
		}
		if _, err := svc.Accounts.AuthenticateToken(ctx, token); !errors.Is(err, model.ErrUnauthenticated) {
			t.Errorf("token after disable: %v", err)
		}
		if _, err := svc.Accounts.SignIn(ctx, acc.Email, goodPassword, "192.0.2.8", "test"); !errors.Is(err, service.ErrBadCredentials) {
			t.Errorf("sign in to a disabled account: %v", err)
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
		svc := newServices(t, db, c)
		if _, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "a@hrv.example.org", Org: "HRV", Role: "editor", Password: goodPassword}); err != nil {
			t.Fatal(err)
		}
		signIn := func() string {
			res, err := svc.Accounts.SignIn(ctx, "a@hrv.example.org", goodPassword, "192.0.2.7", "test")
			if err != nil {
				t.Fatal(err)
			}
			return res.Token
		}
		// Idle: unused for longer than two hours.
		tok := signIn()
		c.Add(2*time.Hour + time.Minute)
		if _, _, err := svc.Accounts.Authenticate(ctx, tok); !errors.Is(err, model.ErrUnauthenticated) {
			t.Errorf("idle session still valid: %v", err)
		}
		// Absolute: used every hour, ended after twelve.
		tok = signIn()
		for range 11 {
			c.Add(time.Hour)
			if _, _, err := svc.Accounts.Authenticate(ctx, tok); err != nil {
				t.Fatalf("active session ended early: %v", err)
			}
		}
		c.Add(time.Hour + time.Minute)
		if _, _, err := svc.Accounts.Authenticate(ctx, tok); !errors.Is(err, model.ErrUnauthenticated) {
			t.Errorf("session older than 12 hours still valid: %v", err)
		}
	})
}

// TestThrottling: failures are throttled per account, per address and
// account, and per address, with growing delays; one person failing
// behind a shared gateway locks neither the others nor the account for
// everyone; an account with a second factor still signs in with it.
func TestThrottling(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
		svc := newServices(t, db, c)
		for _, e := range []string{"a@hrv.example.org", "b@hrv.example.org"} {
			if _, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: e, Org: "HRV", Role: "editor", Password: goodPassword}); err != nil {
				t.Fatal(err)
			}
		}
		var th *service.ErrThrottled
		signIn := func(email, pw, client string) error {
			_, err := svc.Accounts.SignIn(ctx, email, pw, client, "test")
			return err
		}
		// Per address and account: PairFailures from one place lock that
		// place for that account, for FirstDelay.
		const gateway = "192.0.2.9"
		for i := range service.PairFailures {
			if err := signIn("a@hrv.example.org", "not the password", gateway); !errors.Is(err, service.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		if err := signIn("a@hrv.example.org", goodPassword, gateway); !errors.As(err, &th) || !th.Until.Equal(c.Now().Add(service.FirstDelay)) {
			t.Fatalf("the right password from the locked place: %v, want throttled for %v", err, service.FirstDelay)
		}
		// ... but not the account elsewhere, nor other accounts from the same gateway.
		if err := signIn("a@hrv.example.org", goodPassword, "192.0.2.10"); err != nil {
			t.Fatalf("the same account from elsewhere: %v", err)
		}
		if err := signIn("b@hrv.example.org", goodPassword, gateway); err != nil {
			t.Fatalf("a colleague behind the same gateway: %v", err)
		}
		// Growing delays: each further failure doubles the lock.
		c.Add(service.FirstDelay + time.Second)
		if err := signIn("a@hrv.example.org", "not the password", gateway); !errors.Is(err, service.ErrBadCredentials) {
			t.Fatalf("after the first lock: %v", err)
		}
		if err := signIn("a@hrv.example.org", goodPassword, gateway); !errors.As(err, &th) || !th.Until.Equal(c.Now().Add(2*service.FirstDelay)) {
			t.Fatalf("after one more failure: %v, want throttled for %v", err, 2*service.FirstDelay)
		}
		c.Add(2*service.FirstDelay + time.Second)
		if err := signIn("a@hrv.example.org", goodPassword, gateway); err != nil {
			t.Fatalf("after the second lock: %v", err)
		}

		// Per address: many people failing once each behind one gateway
		// (the old limit was 20) lock nobody until ClientFailures.
		for i := range 30 {
			_ = signIn(fmt.Sprintf("colleague%d@hrv.example.org", i), "not the password", gateway)
		}
		if err := signIn("b@hrv.example.org", goodPassword, gateway); err != nil {
			t.Fatalf("after 30 failures of 30 people behind one gateway: %v", err)
		}
		for i := 30; i < service.ClientFailures; i++ {
			_ = signIn(fmt.Sprintf("colleague%d@hrv.example.org", i), "not the password", gateway)
		}
		if err := signIn("b@hrv.example.org", goodPassword, gateway); !errors.As(err, &th) {
			t.Fatalf("after %d failures from one address: %v, want throttled", service.ClientFailures, err)
		}
		if err := signIn("b@hrv.example.org", goodPassword, "198.51.100.1"); err != nil {
			t.Fatalf("from another address: %v", err)
		}
		c.Add(service.ClientLock + time.Second)

		// Per account: failures from many places lock the account itself.
		for i := range service.AccountFailures {
			_ = signIn("b@hrv.example.org", "not the password", fmt.Sprintf("203.0.113.%d", i+1))
		}
		if err := signIn("b@hrv.example.org", goodPassword, "198.51.100.2"); !errors.As(err, &th) {
			t.Fatalf("the right password of a locked account without a second factor: %v, want throttled", err)
		}
		throttled, _ := db.AuditEntries(ctx, model.AuditFilter{Action: "auth.signin.throttled"})
		if len(throttled) == 0 {
			t.Error("no refusal while locked was audited")
		}
	})
}

// TestThrottlingSparesSecondFactor: an account locked by failures made
// elsewhere still signs in with its password and its second factor; a
// wrong password, or no code, still gets nowhere.
func TestThrottlingSparesSecondFactor(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
		svc := newServices(t, db, c)
		acc, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "a@hrv.example.org", Org: "HRV", Role: "coordinator", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		v := svc.Accounts.ViewerOf(acc)
		e, err := svc.Accounts.BeginTOTP(ctx, v)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Accounts.ConfirmTOTP(ctx, v, service.TOTPCode(e.Secret, c.Now())); err != nil {
			t.Fatal(err)
		}
		c.Add(time.Minute)
		for i := range service.AccountFailures + 3 {
			_, _ = svc.Accounts.SignIn(ctx, acc.Email, "not the password", fmt.Sprintf("203.0.113.%d", i+1), "attacker")
		}
		var th *service.ErrThrottled
		// Control: the lock holds for a wrong password.
		if _, err := svc.Accounts.SignIn(ctx, acc.Email, "not the password either", "192.0.2.7", "owner"); !errors.As(err, &th) {
			t.Fatalf("a wrong password on the locked account: %v, want throttled", err)
		}
		res, err := svc.Accounts.SignIn(ctx, acc.Email, goodPassword, "192.0.2.7", "owner")
		if err != nil || !res.NeedTOTP {
			t.Fatalf("the owner's password on the locked account: %+v %v, want the code step", res, err)
		}
		if _, err := svc.Accounts.VerifyTOTP(ctx, res.Token, service.TOTPCode(e.Secret, c.Now()), "192.0.2.7"); err != nil {
			t.Fatalf("the owner's code: %v", err)
		}
		if v, _, err := svc.Accounts.Authenticate(ctx, res.Token); err != nil || !v.SignedIn() {
			t.Fatalf("after the code: %v %v", v, err)
		}
	})
}

func TestTOTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := &clock{t: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
		svc := newServices(t, db, c)
		acc, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "a@hrv.example.org", Org: "HRV", Role: "coordinator", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		v := svc.Accounts.ViewerOf(acc)
		e, err := svc.Accounts.BeginTOTP(ctx, v)
		if err != nil || e.Secret == "" || !strings.HasPrefix(e.URL, "otpauth://totp/") || len(e.QRPNG) < 100 {
			t.Fatalf("begin: %+v %v", e, err)
		}
		if _, err := svc.Accounts.ConfirmTOTP(ctx, v, "000000"); err == nil {
			t.Fatal("a wrong code turned the second factor on")
		}
		codes, err := svc.Accounts.ConfirmTOTP(ctx, v, service.TOTPCode(e.Secret, c.Now()))
		if err != nil || len(codes) != 10 {
			t.Fatalf("confirm: %v %v", codes, err)
		}
		c.Add(time.Minute)
		signIn := func() string {
			res, err := svc.Accounts.SignIn(ctx, acc.Email, goodPassword, "192.0.2.7", "test")
			if err != nil || !res.NeedTOTP {
				t.Fatalf("sign in with a second factor: %+v %v", res, err)
			}
			// Half signed in: not yet anyone.
			if v, info, err := svc.Accounts.Authenticate(ctx, res.Token); err != nil || v.SignedIn() || info.Stage != "totp" {
				t.Fatalf("pending session: %v %+v %v", v, info, err)
			}
			return res.Token
		}
		tok := signIn()
		code := service.TOTPCode(e.Secret, c.Now())
		if _, err := svc.Accounts.VerifyTOTP(ctx, tok, code, "192.0.2.7"); err != nil {
			t.Fatalf("verify: %v", err)
		}
		if v, _, err := svc.Accounts.Authenticate(ctx, tok); err != nil || !v.SignedIn() {
			t.Fatalf("after the code: %v %v", v, err)
		}
		// The same code again (a replay) is refused.
		tok2 := signIn()
		if _, err := svc.Accounts.VerifyTOTP(ctx, tok2, code, "192.0.2.7"); err == nil {
			t.Fatal("a used code was accepted again")
		}
		// A code from five minutes ago is refused.
		old := service.TOTPCode(e.Secret, c.Now().Add(-5*time.Minute))
		c.Add(30 * time.Second)
		if _, err := svc.Accounts.VerifyTOTP(ctx, tok2, old, "192.0.2.7"); err == nil {
			t.Fatal("an expired code was accepted")
		}
		// A recovery code works once.
		if _, err := svc.Accounts.VerifyTOTP(ctx, tok2, codes[0], "192.0.2.7"); err != nil {
			t.Fatalf("recovery code: %v", err)
		}
		tok3 := signIn()
		if _, err := svc.Accounts.VerifyTOTP(ctx, tok3, codes[0], "192.0.2.7"); err == nil {
			t.Fatal("a used recovery code was accepted again")
		}
		if left, _ := svc.Accounts.RecoveryCodesLeft(ctx, v); left != 9 {
			t.Errorf("recovery codes left: %d, want 9", left)
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n == 0 {
			t.Errorf("audit chain: %d, %v", n, err)
		}
	})
}

// BenchmarkSignInUnknownVersusWrong measures the two failing sign-ins
// side by side with production hashing costs: their times must match (no
// timing difference tells an attacker which e-mail addresses exist).
func BenchmarkSignInUnknownVersusWrong(b *testing.B) {
	db := storetest.Open(b, storetest.SQLite)
	c := &clock{t: time.Now()}
	svc := service.New(service.Deps{DB: db, Catalog: storetest.Catalog(b), Now: c.Now})
	ctx := context.Background()
	if _, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "a@hrv.example.org", Org: "HRV", Role: "editor", Password: goodPassword}); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct{ name, email string }{{"wrong-password", "a@hrv.example.org"}, {"unknown-email", "nobody@hrv.example.org"}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				// Start each attempt unthrottled (every window and lock
				// over), so both paths hash.
				b.StopTimer()
				c.Add(service.ThrottleWindow + service.MaxDelay)
				b.StartTimer()
				if _, err := svc.Accounts.SignIn(ctx, bc.email, "not the password", "192.0.2.50", "bench"); !errors.Is(err, service.ErrBadCredentials) {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestLongUserAgentIsCutBetweenCharacters: a user agent cut at its limit
// stays valid UTF-8, which PostgreSQL requires.
func TestLongUserAgentIsCutBetweenCharacters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newServices(t, db, &clock{t: time.Now()})
		if _, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "a@hrv.example.org", Org: "HRV", Role: "editor", Password: goodPassword}); err != nil {
			t.Fatal(err)
		}
		ua := strings.Repeat("a", 299) + "žžžž"
		if _, err := svc.Accounts.SignIn(ctx, "a@hrv.example.org", goodPassword, "192.0.2.7", ua); err != nil {
			t.Fatalf("sign in with a long non-ASCII user agent: %v", err)
		}
	})
}

// TestUserAgentNotUTF8: a User-Agent with bytes that are not UTF-8 does
// not break a correct sign-in on PostgreSQL; it is kept cleaned.
func TestUserAgentNotUTF8(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newServices(t, db, &clock{t: time.Now()})
		acc, err := svc.Accounts.Create(ctx, system, service.AccountInput{Email: "a@hrv.example.org", Org: "HRV", Role: "editor", Password: goodPassword})
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Accounts.SignIn(ctx, "a@hrv.example.org", goodPassword, "192.0.2.7", "Mozilla/5.0 \xff\xfe\x00 (X11)")
		if err != nil {
			t.Fatalf("sign in with a non-UTF-8 user agent: %v", err)
		}
		ss, err := svc.Accounts.Sessions(ctx, svc.Accounts.ViewerOf(acc), service.HashToken(res.Token))
		if err != nil || len(ss) != 1 || ss[0].UserAgent != "Mozilla/5.0 \ufffd\ufffd (X11)" {
			t.Errorf("sessions: %+v %v", ss, err)
		}
	})
}
