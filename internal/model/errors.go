package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Sentinel errors. The store translates driver errors into these; the web
// and API layers turn them into status codes in one place.
var (
	// ErrNotFound: the record does not exist, or the viewer may not read it.
	// The two are deliberately the same error.
	ErrNotFound = errors.New("not found")
	// ErrForbidden: the viewer may read the record but not do this to it.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict: a stale version, or a unique value already taken.
	ErrConflict = errors.New("conflict")
	// ErrUnauthenticated: the request carries no valid session or token.
	ErrUnauthenticated = errors.New("sign-in required")
)

// Problems maps a field name to what is wrong with it. A nil or empty
// Problems means valid. It is an error so that services can return it.
type Problems map[string]string

func (p Problems) Error() string {
	if len(p) == 0 {
		return "invalid input"
	}
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+": "+p[k])
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem with field unless one is already recorded.
func (p Problems) Add(field, format string, args ...any) {
	if _, ok := p[field]; !ok {
		p[field] = fmt.Sprintf(format, args...)
	}
}

// Err returns p as an error, or nil when there is no problem.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

// AsProblems reports whether err carries validation problems.
func AsProblems(err error) (Problems, bool) {
	var p Problems
	if errors.As(err, &p) {
		return p, true
	}
	return nil, false
}

// ConflictError is an ErrConflict that carries the current state of the
// record, so that a page can show both versions side by side and an API
// client can see what it collided with.
type ConflictError struct {
	Message string  // what collided, in words
	Current any     // the record as it is now in the database
	Msg     Message // Message as a catalogue message, where the service gives one (pages write it in the reader's language)
}

func (e *ConflictError) Error() string { return "conflict: " + e.Message }

// Unwrap makes errors.Is(err, ErrConflict) true.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// CheckVersion is the one optimistic-locking rule for every update, on
// pages and in the API alike: the version read must be sent — a missing,
// zero or malformed one (a page form passes -1) is a problem with the
// field "version" (422) — and it must be the current one, or the answer
// is ErrConflict, which the service turns into a *ConflictError with the
// record as it is now (409).
func CheckVersion(sent, current int64) error {
	if sent <= 0 {
		return Problems{"version": "send the version you read (the record's version, a whole number from 1)"}
	}
	if sent != current {
		return ErrConflict
	}
	return nil
}
