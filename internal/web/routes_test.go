package web_test

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"napx/internal/storetest"
	"napx/internal/webtest"
)

// The package's tests share nothing between their engine subtests (each
// gets its own database and App; TestEngineSubtestsShareNothing keeps it
// so): the SQLite and PostgreSQL subtests run side by side.
func TestMain(m *testing.M) {
	storetest.ParallelEngines()
	os.Exit(storetest.Main(routeCoverage{m}))
}

// TestEngineSubtestsShareNothing: no engine subtest of this package
// writes a variable of its test, and no test reads their results after
// the engine loop — the condition of storetest.ParallelEngines (its own
// test is the control: each kind of sharing is found).
func TestEngineSubtestsShareNothing(t *testing.T) { storetest.CheckSharesNothing(t) }

// routeCoverage runs the package's tests, then — when all of them ran —
// fails if a route the router recorded is neither exercised by a
// CheckHidden call of this package nor declared below.
type routeCoverage struct{ m *testing.M }

func (r routeCoverage) Run() int {
	code := r.m.Run()
	if code != 0 || flag.Lookup("test.run").Value.String() != "" || flag.Lookup("test.skip").Value.String() != "" {
		return code
	}
	if missing := webtest.Uncovered(noRecord); len(missing) > 0 {
		fmt.Fprintln(os.Stderr, "FAIL: routes neither covered by a webtest.CheckHidden call nor declared in web/routes_test.go (noRecord):")
		for _, p := range missing {
			fmt.Fprintln(os.Stderr, "   ", p)
		}
		return 1
	}
	return 0
}

// noRecord are the routes that show no State's record, so no CheckHidden
// call covers them: reference data (public by nature), the viewer's own
// account and sessions, sign-in, operations and static files. A new route
// that shows or changes a record belongs to a CheckHidden call instead.
var noRecord = map[string]string{
	"GET /about":                                   "reference data: about napx",
	"GET /account":                                 "the viewer's own account",
	"GET /account/totp":                            "the viewer's own account",
	"GET /account/totp/qr.png":                     "the viewer's own account",
	"GET /accounts":                                "account administration (coordinators: their organisation's accounts)",
	"GET /admin/audit":                             "administrators: the log is theirs; what it says of records is redacted by policy.AuditDetails (TestAuditRedactedForAdministrators)",
	"GET /api/v1/audit":                            "administrators: as /admin/audit",
	"GET /api/v1/groups":                           "reference data",
	"GET /api/v1/groups/{code}":                    "reference data",
	"GET /api/v1/matrix/elements":                  "reference data: the matrix taxonomy",
	"GET /api/v1/me":                               "the viewer's own account",
	"GET /api/v1/openapi.json":                     "the API's description",
	"GET /api/v1/organizations":                    "reference data",
	"GET /api/v1/organizations/{code}":             "reference data",
	"GET /api/v1/states":                           "reference data: the States",
	"GET /api/v1/states/{code}":                    "reference data: one State (its records have their own routes)",
	"GET /calendar/feed/{token}/events.ics":        "a personal feed by its secret: TestEventsCheckHidden checks that another State's feed leaves the event out",
	"GET /events/new":                              "the form for a new event",
	"GET /groups":                                  "reference data",
	"GET /groups/{code}":                           "reference data",
	"GET /healthz":                                 "operations",
	"GET /matrix/elements":                         "reference data: the matrix taxonomy",
	"GET /metrics":                                 "operations (loopback only)",
	"GET /naps/key-elements":                       "reference data: the key-element sections",
	"GET /naps/new":                                "the form for a new plan: shows no record",
	"GET /organizations":                           "reference data",
	"GET /organizations/{code}":                    "reference data",
	"GET /readyz":                                  "operations",
	"GET /signin":                                  "signing in",
	"GET /signin/code":                             "signing in",
	"GET /state-of-play.xlsx":                      "a ZIP: TestNAPHidden reads its cells",
	"GET /states":                                  "reference data: the States",
	"GET /states/{code}/contacts/new":              "the form for a new point of contact",
	"GET /static/":                                 "static files",
	"GET /{$}":                                     "reference data: the home page counts States, groups and organisations",
	"POST /account/password":                       "the viewer's own account",
	"POST /account/recovery-codes":                 "the viewer's own account",
	"POST /account/sessions/{id}/revoke":           "the viewer's own sessions",
	"POST /account/tokens":                         "the viewer's own account",
	"POST /account/tokens/{id}/revoke":             "the viewer's own tokens",
	"POST /account/totp":                           "the viewer's own account",
	"POST /account/totp/confirm":                   "the viewer's own account",
	"POST /account/totp/remove":                    "the viewer's own account",
	"POST /accounts":                               "account administration",
	"POST /accounts/disable":                       "account administration",
	"GET /accounts/disable":                        "account administration (the confirmation page)",
	"POST /api/v1/events":                          "creates an event",
	"POST /api/v1/naps":                            "creates a plan",
	"POST /api/v1/states/{code}/points-of-contact": "creates a point of contact",
	"POST /calendar/feed":                          "the viewer's own calendar feed",
	"POST /calendar/feed/revoke":                   "the viewer's own calendar feed",
	"POST /events":                                 "creates an event",
	"POST /naps":                                   "creates a plan",
	"POST /signin":                                 "signing in",
	"POST /signin/code":                            "signing in",
	"POST /signout":                                "signing out",
	"POST /states/{code}/contacts":                 "creates a point of contact",
	"POST /states/{code}/matrix/import":            "an upload to preview (the experts'): shows only what was uploaded; the apply step is in TestMatrixHidden",
	"GET /practices/new":                           "the form for a new practice",
	"POST /practices":                              "creates a practice",
	"POST /api/v1/practices":                       "creates a practice",
	// Recorded history and the API's counterparts of page actions (issue 16).
	"GET /states/{code}/reports/new":      "the form for a new national report",
	"POST /states/{code}/reports":         "creates a national report",
	"POST /api/v1/states/{code}/reports":  "creates a national report",
	"GET /api/v1/export":                  "the account's own export: TestExportHoldsNothingHidden plants hidden records and finds none in another account's export",
	"GET /api/v1/accounts":                "account administration (coordinators: their organisation's accounts)",
	"POST /api/v1/accounts":               "account administration",
	"POST /api/v1/accounts/disable":       "account administration",
	"POST /api/v1/accounts/invite":        "account administration: an invitation",
	"POST /api/v1/accounts/invite/resend": "account administration: an invitation sent again",
	"POST /api/v1/admin/jobs/{id}/retry":  "operations (administrators): a job shows no record (TestAdminPagesOnlyForAdministrators)",
	"GET /api/v1/me/sessions":             "the viewer's own sessions",
	"DELETE /api/v1/me/sessions/{id}":     "the viewer's own sessions",
	"GET /api/v1/me/tokens":               "the viewer's own tokens",
	"DELETE /api/v1/me/tokens/{id}":       "the viewer's own tokens",
	"POST /api/v1/me/calendar-feed":       "the viewer's own calendar feed",
	"DELETE /api/v1/me/calendar-feed":     "the viewer's own calendar feed",
	// Notifications (issue 10): the inbox, the settings and the follows are
	// each account's own; what they may show of records is checked by
	// TestNotificationRoutesHidden (Elsewhere, and the follows as writes).
	"POST /notifications/{id}/read":        "the viewer's own inbox: another account's notification answers as one that never existed (TestMarkReadOnlyOwn)",
	"POST /api/v1/notifications/{id}/read": "the viewer's own inbox (TestMarkReadOnlyOwn)",
	"POST /notifications/read-all":         "the viewer's own inbox",
	"POST /api/v1/notifications/read-all":  "the viewer's own inbox",
	"POST /notifications/settings":         "the viewer's own notification settings",
	"PUT /api/v1/me/notification-settings": "the viewer's own notification settings",
	"POST /account/language":               "the viewer's own account: its language (issue 17)",
	"PUT /api/v1/me/language":              "the viewer's own account: its language (issue 17)",
	"GET /signin/forgot":                   "signing in: asking for a reset link",
	"POST /signin/forgot":                  "signing in: asking for a reset link (the same answer for any address)",
	"GET /account/password":                "a link to set one's own password, by its secret",
	"POST /account/password/set":           "setting one's own password through a mailed link",
	"POST /accounts/invite":                "account administration: an invitation",
	"POST /accounts/invite/resend":         "account administration: an invitation sent again",
	"GET /admin/jobs":                      "operations (administrators); a job shows its kind and record IDs, never a notice's title (TestAdminPagesOnlyForAdministrators)",
	"POST /admin/jobs/{id}/retry":          "operations (administrators)",
	"GET /admin/outbox":                    "operations (administrators); mail about a record the administrator may not read shows no subject (TestOutboxRedacted)",
	"GET /admin/outbox/{name}":             "operations (administrators); as /admin/outbox (TestOutboxRedacted)",
	"GET /api/v1/assistance/areas":         "reference data: the assistance code lists",
	"GET /assistance/programmes/new":       "the form for a new programme: shows no record",
	"POST /api/v1/assistance/programmes":   "creates a programme",
	"POST /api/v1/assistance/requests":     "creates an assistance request",
	"POST /assistance/programmes":          "creates a programme",
	"POST /assistance/requests":            "creates an assistance request (or shows the form again with one more need)",
	"GET /signin/oidc":                     "signing in through an organisation: the providers of an e-mail domain (public configuration, the same for any address)",
	"GET /signin/oidc/start":               "signing in through an organisation: a flow bound to this browser (TestOIDCSignIn)",
	"GET /signin/oidc/callback":            "signing in through an organisation: the provider's answer for this browser's flow (TestOIDCSignIn)",
	"GET /signin/oidc/link":                "signing in through an organisation: the identity waiting in this browser's flow (TestOIDCSignIn)",
	"POST /signin/oidc/link":               "signing in through an organisation: linking with the account's own password (TestOIDCSignIn)",
	"GET /admin/oidc":                      "operations (administrators): the sign-in providers, without their secrets (TestOIDCSignIn)",
	"POST /admin/oidc":                     "operations (administrators): adding a sign-in provider (TestOIDCSignIn)",
	"POST /admin/oidc/{id}/remove":         "operations (administrators): removing a sign-in provider (TestOIDCAdmin)",
}
