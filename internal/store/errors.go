package store

import (
	"errors"
	"fmt"

	"napx/internal/model"
)

type constraintKind int

const (
	kindUnique constraintKind = iota + 1
	kindForeignKey
	kindCheck
)

// constraintError is a violated database constraint. None of them is an
// ErrConflict: a unique value the service knows about (an e-mail taken, a
// delegate named twice) is translated by the service into a problem with
// its field (IsUniqueViolation); any other violation is a bug above the
// store, answered 500 and logged, so the driver's text (constraint names,
// SQL) never reaches a client. Only a stale version is a conflict.
type constraintError struct {
	kind constraintKind
	err  error
}

func (e *constraintError) Error() string { return fmt.Sprintf("store: %v", e.err) }
func (e *constraintError) Unwrap() error { return e.err }

// IsUniqueViolation reports whether err is a violated unique constraint.
func IsUniqueViolation(err error) bool {
	var ce *constraintError
	return errors.As(err, &ce) && ce.kind == kindUnique
}

// IsConstraintViolation reports whether err is any violated constraint
// (unique, foreign key, check, not null): what an import turns into a
// problem naming the row.
func IsConstraintViolation(err error) bool {
	var ce *constraintError
	return errors.As(err, &ce)
}

type notFoundError struct{ err error }

func (e *notFoundError) Error() string        { return "not found" }
func (e *notFoundError) Unwrap() error        { return e.err }
func (e *notFoundError) Is(target error) bool { return target == model.ErrNotFound }

func errNotFound(err error) error { return &notFoundError{err: err} }

// oneRow checks that a statement changed exactly one row: none is
// notFound (a stale version, a missing row: the caller says which), more
// than one is a bug.
func oneRow(res interface{ RowsAffected() (int64, error) }, none error) error {
	n, err := res.RowsAffected()
	switch {
	case err != nil:
		return err
	case n == 0:
		return none
	case n > 1:
		return fmt.Errorf("store: %d rows changed where one was meant", n)
	}
	return nil
}
