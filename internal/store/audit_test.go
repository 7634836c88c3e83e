package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
)

func appendEntries(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 1; i <= n; i++ {
		err := db.Write(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, model.SystemViewer("test"), store.AuditRecord{Action: "test.write", Kind: "thing", RecordID: i,
				Summary: fmt.Sprintf("change %d", i), Before: map[string]int{"n": i - 1}, After: map[string]int{"n": i}})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// TestAuditChainDetectsTampering alters, removes and truncates entries
// (as someone with direct database access would, dropping the append-only
// triggers first) and checks that verification names the first bad entry.
func TestAuditChainDetectsTampering(t *testing.T) {
	tests := []struct {
		name    string
		tamper  []string // SQL run after dropping the triggers
		wantSeq int64
		reason  string
	}{
		{"intact", nil, 0, ""},
		{"altered summary", []string{`UPDATE audit_log SET summary = 'nothing happened' WHERE seq = 3`}, 3, "altered"},
		{"altered after", []string{`UPDATE audit_log SET after_json = '{"n":99}' WHERE seq = 4`}, 4, "altered"},
		{"removed in the middle", []string{`DELETE FROM audit_log WHERE seq = 2`}, 2, "removed"},
		{"removed at the end", []string{`DELETE FROM audit_log WHERE seq = 5`}, 5, "removed"},
		{"rewritten with a new hash", []string{`UPDATE audit_log SET summary = 'forged', hash = 'abc' WHERE seq = 2`}, 2, "altered"},
	}
	for _, e := range storetest.Engines(t) {
		for _, tt := range tests {
			t.Run(string(e)+"/"+tt.name, func(t *testing.T) {
				ctx := context.Background()
				db := storetest.Open(t, e)
				appendEntries(t, db, 5)
				if len(tt.tamper) > 0 {
					if err := db.UnsafeExecForTests(ctx, dropAuditTriggers(e)...); err != nil {
						t.Fatal(err)
					}
					if err := db.UnsafeExecForTests(ctx, tt.tamper...); err != nil {
						t.Fatal(err)
					}
				}
				n, err := db.VerifyAudit(ctx)
				if tt.wantSeq == 0 {
					if err != nil || n != 5 {
						t.Fatalf("intact log: %d entries, %v", n, err)
					}
					return
				}
				var p *store.AuditProblem
				if !errors.As(err, &p) {
					t.Fatalf("tampering not detected: %v", err)
				}
				if p.Seq != tt.wantSeq || !strings.Contains(p.Reason, tt.reason) {
					t.Errorf("problem = entry %d (%s), want entry %d (%s)", p.Seq, p.Reason, tt.wantSeq, tt.reason)
				}
			})
		}
	}
}

func dropAuditTriggers(e storetest.Engine) []string {
	if e == storetest.SQLite {
		return []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`}
	}
	return []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
}

// TestAuditAppendOnly: the database itself refuses to change or remove an
// entry.
func TestAuditAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendEntries(t, db, 2)
		for _, q := range []string{`UPDATE audit_log SET summary = 'x' WHERE seq = 1`, `DELETE FROM audit_log WHERE seq = 1`} {
			if err := db.UnsafeExecForTests(ctx, q); err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: %v, want the append-only refusal", q, err)
			}
		}
	})
}

// TestAuditConcurrentAppends: many writers at once still give one
// unbroken chain.
func TestAuditConcurrentAppends(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- db.Write(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, model.SystemViewer("test"), store.AuditRecord{Action: "test.concurrent", Kind: "thing", RecordID: i})
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.VerifyAudit(ctx); err != nil || n != 40 {
			t.Fatalf("after 40 concurrent appends: %d entries, %v", n, err)
		}
	})
}

func TestAuditFilter(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendEntries(t, db, 3)
		es, err := db.AuditEntries(ctx, model.AuditFilter{Action: "test.", Limit: 2})
		if err != nil || len(es) != 2 || es[0].Seq != 3 {
			t.Fatalf("newest two: %+v %v", es, err)
		}
		es, _ = db.AuditEntries(ctx, model.AuditFilter{Before: 2})
		if len(es) != 1 || es[0].Seq != 1 {
			t.Fatalf("before 2: %+v", es)
		}
		if es[0].After != `{"n":1}` || es[0].Before != `{"n":0}` {
			t.Errorf("before/after = %q / %q", es[0].Before, es[0].After)
		}
	})
}

// TestNoticeFanOutKeepsTheDataVersion: an audited notice fan-out (kind
// "notification") extends the chain but moves neither the data version nor
// AuditSeq, so readers' caches survive a burst of notices; any other
// audited change moves both (the control), and the chain still verifies.
func TestNoticeFanOutKeepsTheDataVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		audit := func(kind string) {
			t.Helper()
			if err := db.Write(ctx, func(tx *store.Tx) error {
				return tx.Audit(ctx, model.SystemViewer("test"), store.AuditRecord{Action: kind + ".test", Kind: kind, Summary: "a change"})
			}); err != nil {
				t.Fatal(err)
			}
		}
		version := func() (int64, int64) {
			t.Helper()
			v, _, err := db.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			s, err := db.AuditSeq(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return v, s
		}
		audit("thing")
		v0, s0 := version()
		if v0 == 0 || s0 != v0 {
			t.Fatalf("control: after a change the data version is %d, AuditSeq %d", v0, s0)
		}
		audit("notification")
		audit("notification")
		if v, s := version(); v != v0 || s != s0 {
			t.Errorf("a notice's fan-out moved the data version: %d → %d, AuditSeq %d → %d", v0, v, s0, s)
		}
		audit("thing")
		if v, s := version(); v != v0+3 || s != v0+3 {
			t.Errorf("a change after two notices: data version %d, AuditSeq %d, want %d", v, s, v0+3)
		}
		if _, err := db.VerifyAudit(ctx); err != nil {
			t.Errorf("the chain: %v", err)
		}
	})
}
