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

// constraintError is a violated database constraint. A unique violation
// is an ErrConflict; the others are bugs above the store (input should
// have been validated) and stay plain errors.
type constraintError struct {
	kind constraintKind
	err  error
}

func (e *constraintError) Error() string { return fmt.Sprintf("store: %v", e.err) }
func (e *constraintError) Unwrap() error { return e.err }

// Is makes errors.Is(err, model.ErrConflict) true for unique violations.
func (e *constraintError) Is(target error) bool {
	return e.kind == kindUnique && target == model.ErrConflict
}

// IsUniqueViolation reports whether err is a violated unique constraint.
func IsUniqueViolation(err error) bool {
	var ce *constraintError
	return errors.As(err, &ce) && ce.kind == kindUnique
}

type notFoundError struct{ err error }

func (e *notFoundError) Error() string        { return "not found" }
func (e *notFoundError) Unwrap() error        { return e.err }
func (e *notFoundError) Is(target error) bool { return target == model.ErrNotFound }

func errNotFound(err error) error { return &notFoundError{err: err} }
