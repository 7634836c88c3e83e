package service

import (
	"context"

	"napx/internal/model"
	"napx/internal/store"
)

// Audit reads and checks the audit log. Writes reach it through every
// other service, inside their transactions.
type Audit struct{ db *store.DB }

// Entries lists audit entries for an administrator (or napx itself).
func (a *Audit) Entries(ctx context.Context, v model.Viewer, f model.AuditFilter) ([]model.AuditEntry, error) {
	if !v.IsAdmin() && !v.IsSystem() {
		if !v.SignedIn() {
			return nil, model.ErrUnauthenticated
		}
		return nil, model.ErrNotFound
	}
	p := model.Problems{}
	for field, v := range map[string]string{"actor": f.Actor, "kind": f.Kind, "action": f.Action, "record": f.RecordID} {
		if msg := model.LineProblem(v, 254); msg != "" {
			p.Add(field, "%s", msg)
		}
	}
	if len(p) > 0 {
		return nil, p
	}
	return a.db.AuditEntries(ctx, f)
}

// Verify checks the whole hash chain. It returns how many entries were
// checked and, when the chain is broken, a *store.AuditProblem naming the
// first bad entry.
func (a *Audit) Verify(ctx context.Context) (int64, error) {
	return a.db.VerifyAudit(ctx)
}
