package store_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
)

// TestAuditRecordsAnyInput: an entry whose texts hold bytes that are not
// UTF-8, NUL and other control characters (a refused request's Origin or
// path, an e-mail address typed at sign-in) is written on both engines —
// PostgreSQL used to refuse it, so the refusal went unrecorded — and a
// long summary is capped; the chain still verifies.
func TestAuditRecordsAnyInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		hostile := "cross-site POST /naps/\xff\xfe\x00 refused (Origin https://evil\x00.example\xc3\x28, client 192.0.2.1)"
		actor := model.Viewer{Account: &model.Account{ID: 0, Email: "x\x00@\xffexample.org", Org: "H\xffRV"}}
		err := db.Write(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, actor, store.AuditRecord{Action: "security.\xff", Kind: "security\x00", RecordID: "id\xff\x00",
				Summary: hostile + strings.Repeat("x", 100000), Before: "\x00before\xff", After: map[string]string{"v": "\xff\x00"}})
		})
		if err != nil {
			t.Fatalf("audit with hostile text: %v", err)
		}
		es, err := db.AuditEntries(ctx, model.AuditFilter{Limit: 1})
		if err != nil || len(es) != 1 {
			t.Fatalf("entries: %v %v", es, err)
		}
		e := es[0]
		for name, s := range map[string]string{"summary": e.Summary, "actor": e.Actor, "org": e.ActorOrg, "action": e.Action, "kind": e.Kind,
			"record": e.RecordID, "before": e.Before, "after": e.After} {
			if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
				t.Errorf("%s recorded as %.80q", name, s)
			}
		}
		if n := utf8.RuneCountInString(e.Summary); n > store.MaxAuditSummary || !strings.HasPrefix(e.Summary, "cross-site POST /naps/") {
			t.Errorf("summary: %d characters, %.80q", n, e.Summary)
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n != 1 {
			t.Errorf("verify: %d %v", n, err)
		}
	})
}
