package service

import (
	"context"
	"time"

	"napx/internal/store"
)

// Throttling of failed sign-ins. Failures are counted under three keys:
//
//   - the account (whoever tries it, from anywhere): AccountFailures are
//     free, then each failure locks the account's sign-in for a delay that
//     doubles from FirstDelay up to MaxDelay; the count is forgotten when
//     ThrottleWindow passes without a failure, or on a successful sign-in;
//   - the client address and the account together: the same with
//     PairFailures free — one person guessing at one account from one
//     place is slowed first, without touching anyone else;
//   - the client address alone, whatever the accounts: ClientFailures in
//     ClientWindow lock the address for ClientLock. The limit is far
//     higher than the others, because a whole ministry may sign in from
//     behind one gateway and one person must not lock everyone out.
//
// An account that has a second factor is never locked out by failures
// made elsewhere: while only the account's own key is locked, the right
// password still leads to the code page, and the right code signs in (the
// address-and-account and address keys still apply to the code, and its
// failures are counted like a password's).
const (
	AccountFailures = 10
	PairFailures    = 5
	ClientFailures  = 100
	FirstDelay      = time.Minute
	MaxDelay        = time.Hour
	ThrottleWindow  = 24 * time.Hour
	ClientWindow    = 15 * time.Minute
	ClientLock      = 15 * time.Minute
	totpStageMax    = 5 * time.Minute
)

// throttleRule is how one kind of key counts failures.
type throttleRule struct {
	limit   int           // failures before the first lock
	window  time.Duration // how long failures are remembered
	sliding bool          // the window runs from the last failure (else from the first)
	first   time.Duration // the first lock; it doubles with each further failure
	max     time.Duration // the longest lock
}

var (
	accountRule = throttleRule{limit: AccountFailures, window: ThrottleWindow, sliding: true, first: FirstDelay, max: MaxDelay}
	pairRule    = throttleRule{limit: PairFailures, window: ThrottleWindow, sliding: true, first: FirstDelay, max: MaxDelay}
	clientRule  = throttleRule{limit: ClientFailures, window: ClientWindow, first: ClientLock, max: ClientLock}
)

// lockFor is the lock after the nth failure (zero below the limit).
func (r throttleRule) lockFor(n int) time.Duration {
	if n < r.limit {
		return 0
	}
	d := r.first
	for i := r.limit; i < n && d < r.max; i++ {
		d *= 2
	}
	return min(d, r.max)
}

// throttleKeys are the keys of one sign-in attempt. The e-mail address is
// kept only as a hash: the table holds no addresses, and an address of
// any length or content makes a key of fixed size.
type throttleKeys struct{ account, pair, client string }

func keysFor(email, client string) throttleKeys {
	acct := HashToken("napx-throttle:" + email)[:32]
	return throttleKeys{account: "account:" + acct, pair: "pair:" + HashToken("napx-throttle:" + client + "\x00" + email)[:32], client: "client:" + client}
}

// locks says until when each key is locked (zero when it is not).
type locks struct{ account, pair, client time.Time }

// others is the end of the locks other than the account's own.
func (l locks) others() time.Time { return later(l.pair, l.client) }

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (a *Accounts) locksOf(ctx context.Context, now time.Time, k throttleKeys) (locks, error) {
	var l locks
	for _, x := range []struct {
		key string
		dst *time.Time
	}{{k.account, &l.account}, {k.pair, &l.pair}, {k.client, &l.client}} {
		t, err := a.db.Throttle(ctx, x.key)
		if err != nil {
			return locks{}, err
		}
		if t.LockedUntil.After(now) {
			*x.dst = t.LockedUntil
		}
	}
	return l, nil
}

// fail counts a failure against each key and locks those over their
// limit. A failure to count is logged and counted, never fatal to the
// answer (which is a refusal anyway).
func (a *Accounts) fail(ctx context.Context, now time.Time, k throttleKeys) {
	err := a.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		for _, x := range []struct {
			key  string
			rule throttleRule
		}{{k.account, accountRule}, {k.pair, pairRule}, {k.client, clientRule}} {
			t, err := tx.Throttle(ctx, x.key)
			if err != nil {
				return err
			}
			if now.Sub(t.WindowStart) > x.rule.window {
				t = store.Throttle{WindowStart: now}
			}
			t.Failures++
			if x.rule.sliding {
				t.WindowStart = now
			}
			if d := x.rule.lockFor(t.Failures); d > 0 {
				t.LockedUntil = now.Add(d)
			}
			if err := tx.SetThrottle(ctx, x.key, t); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		a.metrics.throttleWriteFailures.Inc()
		a.log.Error("count failed sign-in", "err", err)
	}
}

// succeeded forgets the failures of the account and of this client with
// it (not the client's own: those may be other people's).
func succeeded(ctx context.Context, tx *store.Tx, k throttleKeys) error {
	if err := tx.ClearThrottle(ctx, k.account); err != nil {
		return err
	}
	return tx.ClearThrottle(ctx, k.pair)
}
