package policy

import "napx/internal/model"

// AuditDetails is the named exception of the audit log (/admin/audit and
// GET /api/v1/audit), decided for issue 9 item 7: platform administrators
// watch the log, so they see every entry's time, actor, action, kind and
// record ID; but an entry's summary and its before/after carry the
// record's content, which they see only where the ordinary policy lets
// them read the record itself (CanRead). rec is the protected record the
// entry is about, or nil for what the policy does not protect (accounts,
// sessions, security events): administrators see those in full. napx
// itself (the command line) sees everything.
func AuditDetails(v model.Viewer, rec *Record) bool {
	switch {
	case v.IsSystem():
		return true
	case !v.IsAdmin():
		return false
	case rec == nil:
		return true
	}
	return CanRead(v, *rec)
}
