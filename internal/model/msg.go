package model

// Msg is a sentence napx writes for people — a key of the message
// catalogues and its arguments — so that each front end writes it in its
// reader's language (issue 17) while the API and the audit keep the
// English. An argument is a number (the first chooses the plural form), a
// text given by a person or a record (kept as it is and isolated on a
// page), a Date (written in the reader's language), or another Msg (a
// piece with a plural of its own, written first).
type Msg struct {
	Key  string
	Args []any
}

// M is the message key with args.
func M(key string, args ...any) Msg { return Msg{Key: key, Args: args} }

// IsZero reports a message never set.
func (m Msg) IsZero() bool { return m.Key == "" }

// Names is a name in the six languages (a State's, an organisation's),
// keyed by language code with "en" always there: a message writes the
// reader's.
type Names map[string]string
