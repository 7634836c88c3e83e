package service

import "napx/internal/model"

// Input is what a write changes a record with, handed to the service
// lazily: the service first reads the record (locked, inside its write
// transaction) and decides through the policy whether the viewer may see
// it — a hidden record answers ErrNotFound whatever the input — and only
// then calls the input. base is the record as an input where a field left
// out keeps its value (a JSON merge-patch decodes onto it), or the zero
// value where the input type marks "left out" itself (pointer fields).
// An input that cannot be read answers model.Problems (422) or the front
// end's own error (an unsupported media type, 415), which the service
// returns unchanged.
//
// The API builds an Input from a request body it has already read into
// memory (no network read inside a transaction); pages, the demo and tests
// that hold the value use Given.
type Input[T any] func(base T) (T, error)

// Given is an Input that is already known.
func Given[T any](v T) Input[T] { return func(T) (T, error) { return v, nil } }

// illustrative is the demo-only option of a write: whether it marks its
// record illustrative. Only napx itself (the demo seeder) may; from anyone
// else the mark is refused (no client can send it: it is no field of the
// wire types).
func illustrative(v model.Viewer, mark bool) (bool, error) {
	if mark && !v.IsSystem() {
		return false, model.ErrForbidden
	}
	return mark, nil
}

// read calls the input; a nil Input is the zero value.
func (in Input[T]) read(base T) (T, error) {
	if in == nil {
		var zero T
		return zero, nil
	}
	return in(base)
}
