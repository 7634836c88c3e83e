package model

import "time"

// AuditEntry is one line of the audit log: who did what to which record,
// when, and the record before and after (as JSON).
type AuditEntry struct {
	Seq      int64
	At       time.Time
	ActorID  int64  // 0 when napx itself acted or nobody was signed in
	Actor    string // e-mail, or a label such as "napx user add"
	ActorOrg string
	Action   string // e.g. "account.create", "nap.update", "auth.signin.failed"
	Kind     string // the kind of record, e.g. "account", "nap"
	RecordID string
	Summary  string // one line in words
	Before   string // JSON of the record before, "" for a creation
	After    string // JSON of the record after, "" for a deletion
	PrevHash string
	Hash     string
}

// AuditFilter selects audit entries.
type AuditFilter struct {
	Actor    string // e-mail or label, exact
	Kind     string
	Action   string // prefix, e.g. "auth."
	RecordID string
	From, To time.Time // inclusive bounds on At; zero for none
	Before   int64     // entries with Seq below this (paging); 0 for the newest
	Limit    int       // default 100
}
