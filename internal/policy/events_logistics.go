package policy

import "napx/internal/model"

// NominationDetailsVisible reports whether v may read the answers a
// delegation gave to an event's own nomination questions (title, e-mail,
// gender, funding and visa needs, travel days) about a delegate of
// delegation: the organiser's staff and the nominating delegation only —
// never other participants nor the public, whatever the event's
// visibility (issue 18, item 9: gender is for the UN's balance figures,
// not for display).
func NominationDetailsVisible(v model.Viewer, ev Record, delegation string) bool {
	if !CanRead(v, ev) {
		return false
	}
	return OrganiserStaff(v, ev) || (v.SignedIn() && v.Org() == delegation)
}
