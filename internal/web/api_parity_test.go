package web_test

import (
	"maps"
	"sort"
	"strings"
	"testing"

	"napx/internal/httpx"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// pageToAPI declares, for every page route that changes something, the
// API route that does the same (issue 16, item 5), or — prefixed "page
// only:" — why it has none. TestEveryPageActionHasAnAPI fails when a page
// route that changes something is missing here, when a declared API route
// does not exist or is not in the OpenAPI document, and when an entry
// names a page route that no longer exists.
var pageToAPI = map[string]string{
	// Accounts: administration and one's own sessions and tokens.
	"POST /accounts":                     "POST /api/v1/accounts",
	"POST /accounts/disable":             "POST /api/v1/accounts/disable",
	"POST /account/sessions/{id}/revoke": "DELETE /api/v1/me/sessions/{id}",
	"POST /account/tokens/{id}/revoke":   "DELETE /api/v1/me/tokens/{id}",
	"POST /account/password":             "page only: credentials are changed in a signed-in browser session, with the current password; a stolen API token must not take the account over (napx user passwd for operators)",
	"POST /account/totp":                 "page only: the second factor is set up in a signed-in browser session (a QR code for the person's authenticator)",
	"POST /account/totp/confirm":         "page only: the second factor is set up in a signed-in browser session",
	"POST /account/totp/remove":          "page only: the second factor is removed in a signed-in browser session; a stolen API token must not remove it",
	"POST /account/recovery-codes":       "page only: recovery codes are credentials, shown once in a signed-in browser session",
	"POST /account/tokens":               "page only: a token must not make tokens; a person makes one in a browser session (napx token create for operators)",
	"POST /signin":                       "page only: the API signs in with a bearer token, not a session",
	"POST /signin/code":                  "page only: the API signs in with a bearer token, not a session",
	"POST /signout":                      "page only: the API has no session to end (revoke the token: DELETE /api/v1/me/tokens/{id})",
	"POST /signin/forgot":                "page only: a reset link is for a person who cannot sign in, mailed to the address (the API signs in with a token; napx user passwd for operators)",
	"POST /account/password/set":         "page only: a password is set from the mailed link in a browser; the link's secret is the credential",
	"POST /accounts/invite":              "POST /api/v1/accounts/invite",
	"POST /accounts/invite/resend":       "POST /api/v1/accounts/invite/resend",
	// Operations and notifications (issue 10).
	"POST /admin/jobs/{id}/retry":        "POST /api/v1/admin/jobs/{id}/retry",
	"POST /notifications/{id}/read":      "POST /api/v1/notifications/{id}/read",
	"POST /notifications/read-all":       "POST /api/v1/notifications/read-all",
	"POST /notifications/settings":       "PUT /api/v1/me/notification-settings",
	"POST /account/language":             "PUT /api/v1/me/language",
	"POST /notifications/follows":        "POST /api/v1/me/follows",
	"POST /notifications/follows/delete": "DELETE /api/v1/me/follows",
	// Assistance (issue 11).
	"POST /assistance/requests":                  "POST /api/v1/assistance/requests",
	"POST /assistance/requests/{id}":             "PATCH /api/v1/assistance/requests/{id}",
	"POST /assistance/requests/{id}/submit":      "POST /api/v1/assistance/requests/{id}/submit",
	"POST /assistance/requests/{id}/acknowledge": "POST /api/v1/assistance/requests/{id}/acknowledge",
	"POST /assistance/requests/{id}/object":      "POST /api/v1/assistance/requests/{id}/object",
	"POST /assistance/requests/{id}/consent":     "POST /api/v1/assistance/requests/{id}/consent",
	"POST /assistance/requests/{id}/withdraw":    "POST /api/v1/assistance/requests/{id}/withdraw",
	"POST /assistance/requests/{id}/close":       "POST /api/v1/assistance/requests/{id}/close",
	"POST /assistance/needs/{id}/offers":         "POST /api/v1/assistance/needs/{id}/offers",
	"POST /assistance/needs/{id}/match":          "POST /api/v1/assistance/needs/{id}/match",
	"POST /assistance/needs/{id}/deliveries":     "POST /api/v1/assistance/needs/{id}/deliveries",
	"POST /assistance/needs/{id}/feedback":       "POST /api/v1/assistance/needs/{id}/feedback",
	"POST /assistance/programmes":                "POST /api/v1/assistance/programmes",
	"POST /assistance/programmes/{id}":           "PATCH /api/v1/assistance/programmes/{id}",
	// Points of contact.
	"POST /states/{code}/contacts": "POST /api/v1/states/{code}/points-of-contact",
	"POST /contacts/{id}":          "PATCH /api/v1/points-of-contact/{id}",
	"POST /contacts/{id}/delete":   "DELETE /api/v1/points-of-contact/{id}",
	// Plans.
	"POST /naps":                                "POST /api/v1/naps",
	"POST /naps/{id}":                           "PATCH /api/v1/naps/{id}",
	"POST /naps/{id}/sections/{code}":           "PATCH /api/v1/naps/{id}",
	"POST /naps/{id}/adopt":                     "POST /api/v1/naps/{id}/adopt",
	"POST /naps/{id}/submit":                    "POST /api/v1/naps/{id}/submit",
	"POST /naps/{id}/publish":                   "POST /api/v1/naps/{id}/publish",
	"POST /naps/{id}/withdraw":                  "POST /api/v1/naps/{id}/withdraw",
	"POST /naps/{id}/delete":                    "DELETE /api/v1/naps/{id}",
	"POST /naps/{id}/share":                     "POST /api/v1/naps/{id}/share",
	"POST /naps/{id}/revise":                    "POST /api/v1/naps/{id}/revise",
	"POST /naps/{id}/actions":                   "POST /api/v1/naps/{id}/actions",
	"POST /naps/{id}/actions/{actionID}":        "PATCH /api/v1/naps/{id}/actions/{actionID}",
	"POST /naps/{id}/actions/{actionID}/delete": "DELETE /api/v1/naps/{id}/actions/{actionID}",
	"POST /naps/{id}/actions/{actionID}/joint":  "PATCH /api/v1/naps/{id}/actions/{actionID}",
	"POST /naps/{id}/import":                    "POST /api/v1/naps/{id}/import",
	"POST /naps/{id}/import/apply":              "POST /api/v1/naps/{id}/import/apply",
	// The matrix.
	"POST /states/{code}/matrix/cells/{fieldID}":          "PUT /api/v1/states/{code}/matrix/cells/{fieldID}",
	"POST /states/{code}/matrix/cells/{fieldID}/comments": "POST /api/v1/states/{code}/matrix/cells/{fieldID}/comments",
	"POST /states/{code}/matrix/send":                     "POST /api/v1/states/{code}/matrix/send",
	"POST /states/{code}/matrix/agree":                    "POST /api/v1/states/{code}/matrix/agree",
	"POST /states/{code}/matrix/request-changes":          "POST /api/v1/states/{code}/matrix/request-changes",
	"POST /states/{code}/matrix/approve":                  "POST /api/v1/states/{code}/matrix/approve",
	"POST /states/{code}/matrix/gaps/{fieldID}/propose":   "POST /api/v1/states/{code}/matrix/gaps/{fieldID}/nap-action",
	"POST /states/{code}/matrix/import":                   "POST /api/v1/states/{code}/matrix/import",
	"POST /states/{code}/matrix/import/apply":             "POST /api/v1/states/{code}/matrix/import/apply",
	"POST /states/{code}/matrix/review/{fieldID}/seen":    "POST /api/v1/states/{code}/matrix/review/{fieldID}/seen",
	// Events.
	"POST /events":                                  "POST /api/v1/events",
	"POST /events/{id}/edit":                        "PATCH /api/v1/events/{id}",
	"POST /events/{id}/quotas":                      "PUT /api/v1/events/{id}/quotas",
	"POST /events/{id}/nomination-fields":           "PUT /api/v1/events/{id}/nomination-fields",
	"POST /events/{id}/participants/confirm":        "POST /api/v1/events/{id}/participants/confirm",
	"POST /events/{id}/participants":                "POST /api/v1/events/{id}/participants",
	"POST /events/{id}/participants/{pid}":          "PATCH /api/v1/events/{id}/participants/{pid}",
	"POST /events/{id}/participants/{pid}/withdraw": "PATCH /api/v1/events/{id}/participants/{pid}",
	"POST /events/{id}/sessions":                    "POST /api/v1/events/{id}/sessions",
	"POST /events/{id}/sessions/{sid}/delete":       "DELETE /api/v1/events/{id}/sessions/{sid}",
	"POST /events/{id}/materials":                   "POST /api/v1/events/{id}/materials",
	"POST /events/{id}/materials/{mid}/delete":      "DELETE /api/v1/events/{id}/materials/{mid}",
	"POST /events/{id}/lessons":                     "POST /api/v1/events/{id}/lessons",
	"POST /events/{id}/followups":                   "POST /api/v1/events/{id}/followups",
	"POST /events/{id}/followups/{fid}":             "PATCH /api/v1/events/{id}/followups/{fid}",
	"POST /calendar/feed":                           "POST /api/v1/me/calendar-feed",
	"POST /calendar/feed/revoke":                    "DELETE /api/v1/me/calendar-feed",
	// Practices (issue 12).
	"POST /practices":                          "POST /api/v1/practices",
	"POST /practices/{id}":                     "PATCH /api/v1/practices/{id}",
	"POST /practices/{id}/submit":              "POST /api/v1/practices/{id}/submit",
	"POST /practices/{id}/verify":              "POST /api/v1/practices/{id}/verify",
	"POST /practices/{id}/return":              "POST /api/v1/practices/{id}/return",
	"POST /practices/{id}/publish":             "POST /api/v1/practices/{id}/publish",
	"POST /practices/{id}/files":               "POST /api/v1/practices/{id}/files",
	"POST /practices/{id}/files/{fid}/delete":  "DELETE /api/v1/practices/{id}/files/{fid}",
	"POST /events/{id}/lessons/{lid}/practice": "POST /api/v1/events/{id}/lessons/{lid}/practice",
	// Sign-in through an organisation's provider (issue 19).
	"POST /signin/oidc/link":       "page only: signing in (the API signs in with a bearer token, not a session)",
	"POST /admin/oidc":             "page only: an administrator types the provider's client secret once (or napx oidc add --client-secret-stdin)",
	"POST /admin/oidc/{id}/remove": "page only: the operators' page for providers (napx oidc remove)",
	// Recorded history.
	"POST /states/{code}/reports": "POST /api/v1/states/{code}/reports",
	"POST /reports/{id}":          "PATCH /api/v1/reports/{id}",
	"POST /facts/{id}/claims":     "POST /api/v1/facts/{id}/claims",
	"POST /facts/{id}/resolve":    "POST /api/v1/facts/{id}/resolve",
	// Records in several languages (issue 17): one page for every kind; the
	// API has the same routes under each kind's record (/naps/{id},
	// /practices/{id}, /events/{id}, /assistance/requests/{id}).
	"POST /translations/{kind}/{id}":               "PUT /api/v1/naps/{id}/language",
	"POST /translations/{kind}/{id}/{lang}":        "PUT /api/v1/naps/{id}/translations/{lang}",
	"POST /translations/{kind}/{id}/{lang}/remove": "DELETE /api/v1/naps/{id}/translations/{lang}",
}

// parityProblems checks the routes against a page-to-API mapping.
func parityProblems(rs []httpx.Route, mapping map[string]string) (problems []string, checked int) {
	routes, documented := map[string]bool{}, map[string]bool{}
	for _, r := range rs {
		routes[r.Pattern()] = true
		documented[r.Pattern()] = r.Doc != nil
	}
	for _, r := range rs {
		if r.Method == "GET" || strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		checked++
		to, ok := mapping[r.Pattern()]
		switch {
		case !ok:
			problems = append(problems, "the page action "+r.Pattern()+" has no API counterpart declared in pageToAPI (web/api_parity_test.go): add the API route, or say why it is page only")
		case strings.HasPrefix(to, "page only: "):
			if len(strings.TrimPrefix(to, "page only: ")) < 20 {
				problems = append(problems, r.Pattern()+": say why it is page only")
			}
		case !routes[to]:
			problems = append(problems, r.Pattern()+": the declared API route "+to+" does not exist")
		case !documented[to]:
			problems = append(problems, r.Pattern()+": the declared API route "+to+" is not in the OpenAPI document")
		}
	}
	for page := range mapping {
		if !routes[page] {
			problems = append(problems, "pageToAPI names "+page+", which is no page route (any more): remove it")
		}
	}
	sort.Strings(problems)
	return problems, checked
}

func TestEveryPageActionHasAnAPI(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	problems, checked := parityProblems(app.Router.Routes(), pageToAPI)
	for _, p := range problems {
		t.Error(p)
	}
	if checked < 40 {
		t.Fatalf("only %d page actions found: the router was not read", checked)
	}
}

// TestParityCheckFails is the control: a page action left out of the
// mapping, one mapped to an API route that does not exist, and a mapping
// of a page route that does not exist are each found.
func TestParityCheckFails(t *testing.T) {
	app := webtest.New(t, storetest.Open(t, storetest.SQLite))
	m := maps.Clone(pageToAPI)
	delete(m, "POST /naps/{id}/revise")
	m["POST /naps/{id}/share"] = "POST /api/v1/naps/{id}/no-such-route"
	m["POST /no/such/page"] = "POST /api/v1/naps"
	problems, _ := parityProblems(app.Router.Routes(), m)
	want := []string{"POST /naps/{id}/revise has no API counterpart", "/api/v1/naps/{id}/no-such-route does not exist", "names POST /no/such/page"}
	if len(problems) != len(want) {
		t.Fatalf("problems = %q, want %d", problems, len(want))
	}
	for _, w := range want {
		found := false
		for _, p := range problems {
			found = found || strings.Contains(p, w)
		}
		if !found {
			t.Errorf("the check did not report %q: %q", w, problems)
		}
	}
}
