package web

import "strings"

// flashMessages are the confirmations shown after a change, chosen by the
// "done" query parameter of the page a form redirects to (never free text
// from the request): the shared ones and each feature's, assembled here.
var flashMessages = mergeNamed("flash message", accountFlash, napFlash, matrixFlash, eventFlash, historyFlash, notificationFlash, assistanceFlash, practiceFlash)

// accountFlash holds the confirmations of the account and directory pages.
var accountFlash = map[string]string{ // #nosec G101 -- messages shown to people, not credentials
	"signed-in":        "You are signed in.",
	"oidc-added":       "The sign-in provider was added.",
	"oidc-removed":     "The sign-in provider was removed.",
	"signed-out":       "You are signed out.",
	"password":         "Your password was changed. Your other sessions were ended.",
	"totp-removed":     "The second factor was removed.",
	"session-revoked":  "The session was ended.",
	"token-revoked":    "The API token was revoked.",
	"account-created":  "The account was created.",
	"account-disabled": "The account was disabled; its sessions and API tokens stopped working.",
	"contact-saved":    "The point of contact was saved.",
	"contact-removed":  "The point of contact was removed.",
}

// FlashOn is what a page shows, as its flash names it (issue 18, item 6:
// a confirmation says what happened to whom — "The plan “X” of Croatia was
// submitted to the 1540 Committee", not "The plan was submitted"). The page
// a form returns to sets it from the record it shows; nothing comes from
// the request but which confirmation it is (done).
type FlashOn struct {
	Record string // the record's title or name, as the page shows it
	Of     string // whose or where: a State's name, a plan's or an event's title
	Person string // the person the change is about (a delegate, an account's address)
}

// flashPart is one argument of a named confirmation.
type flashPart int

const (
	onRecord flashPart = iota
	onOf
	onPerson
)

// namedFlash lists the confirmations that name their record, with the
// parts of the page's FlashOn their message flash.named.<done> takes, in
// order. A page that does not know every part gets the plain flash.<done>.
var namedFlash = map[string][]flashPart{
	// The account pages: the account by its address.
	"account-created": {onPerson}, "account-disabled": {onPerson}, "invited": {onPerson}, "invite-resent": {onPerson},
	// A State's page: its points of contact.
	"contact-saved": {onOf}, "contact-removed": {onOf},
	// A plan's page: the plan and its State; an action's page: the action and its plan.
	"nap-created": {onRecord, onOf}, "nap-saved": {onRecord}, "nap-adopted": {onRecord, onOf}, "nap-submitted": {onRecord, onOf},
	"nap-published": {onRecord, onOf}, "nap-withdrawn": {onRecord, onOf}, "nap-shared": {onRecord}, "nap-revised": {onRecord},
	"nap-imported": {onRecord}, "action-removed": {onRecord}, "action-saved": {onRecord, onOf}, "joint-saved": {onRecord},
	// A State's matrix, a field of it.
	"matrix-sent": {onOf}, "matrix-agreed": {onOf}, "matrix-changes": {onOf}, "matrix-approved": {onOf}, "matrix-imported": {onOf},
	"matrix-saved": {onRecord, onOf}, "matrix-commented": {onRecord, onOf},
	// An event's pages; a delegate's nomination.
	"event-created": {onRecord}, "event-saved": {onRecord}, "quotas-saved": {onRecord}, "session-added": {onRecord},
	"session-removed": {onRecord}, "material-added": {onRecord}, "material-removed": {onRecord}, "lesson-added": {onRecord},
	"followup-added": {onRecord}, "followup-saved": {onRecord},
	"nominated": {onPerson, onRecord}, "waitlisted": {onPerson, onRecord}, "participant-saved": {onPerson, onRecord},
	"participant-withdrawn": {onPerson, onRecord},
	// A request for assistance and its State; a programme.
	"request-created": {onRecord}, "request-saved": {onRecord}, "request-submit": {onRecord, onOf},
	"request-acknowledge": {onRecord, onOf}, "request-object": {onRecord}, "request-consent": {onRecord},
	"request-withdraw": {onRecord, onOf}, "request-close": {onRecord}, "offer-made": {onRecord, onOf},
	"match-confirmed": {onRecord}, "delivery-added": {onRecord}, "feedback-added": {onRecord},
	"programme-created": {onRecord}, "programme-saved": {onRecord},
	// A national report and its State; a recorded date (the fact's page title).
	"report-saved": {onRecord, onOf}, "claim-saved": {onRecord}, "fact-resolved": {onRecord},
	// A practice.
	"practice-created": {onRecord}, "practice-saved": {onRecord}, "practice-submit": {onRecord}, "practice-verify": {onRecord},
	"practice-return": {onRecord}, "practice-publish": {onRecord}, "file-attached": {onRecord}, "file-removed": {onRecord},
	"practice-from-lesson": {onRecord},
}

// flashOn is the confirmation done on a page showing on, in lang: the
// named message when the page knows every part it takes (each part
// isolated, U+2068…U+2069, so a title in another script never reorders the
// sentence), else the plain one (Handler.flash).
func (h *Handler) flashOn(lang, done string, on FlashOn) (string, string) {
	parts, ok := namedFlash[done]
	key := "flash.named." + done
	if !ok || !h.pages.cat.Has(key) {
		return h.flash(lang, done)
	}
	args := make([]any, len(parts))
	for i, part := range parts {
		v := [...]string{onRecord: on.Record, onOf: on.Of, onPerson: on.Person}[part]
		if strings.TrimSpace(v) == "" {
			return h.flash(lang, done)
		}
		args[i] = "\u2068" + v + "\u2069"
	}
	return h.pages.cat.Printer(lang).T(key, args...), ""
}
