package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

// TestAssistanceActsAreConfirmed (issue 18, item 2): submitting a request,
// circulating a withheld one at the State's word and withdrawing one each
// have a confirmation page; a form post without the confirmation changes
// nothing (the control: the confirmed post changes the request); an
// editor is refused, an outsider gets 404; the API keeps its one-step call.
func TestAssistanceActsAreConfirmed(t *testing.T) {
	eachAssistance(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		editor := app.Account("HRV", model.RoleEditor)
		srb := app.Account("SRB", model.RoleCoordinator)
		status := func(id int64) model.RequestStatus {
			t.Helper()
			rv, err := app.Services.Assistance.Request(context.Background(), model.SystemViewer("test"), id)
			if err != nil {
				t.Fatal(err)
			}
			return rv.Status
		}
		for _, tc := range []struct {
			act    string
			from   model.RequestStatus
			to     model.RequestStatus
			want   []string
			danger bool
		}{
			{"submit", model.RequestDraft, model.RequestSubmitted, []string{"Submit the request to the 1540 Committee", "consent window of five UN working days"}, false},
			{"consent", model.RequestWithheld, model.RequestCirculated, []string{"Lift the objection and circulate the request", "Circulation cannot be undone"}, false},
			{"withdraw", model.RequestSubmitted, model.RequestWithdrawn, []string{"Withdraw the request", "cannot be undone", `class="danger"`}, true},
		} {
			t.Run(tc.act, func(t *testing.T) {
				h := makeHiddenRequest(t, app, tc.from)
				page := fmt.Sprintf("/assistance/requests/%d", h.id)
				webtest.Expect(t, coord.Get(page), 200, `href="`+page+"/"+tc.act+`"`)
				webtest.Expect(t, coord.Get(page+"/"+tc.act), 200, append(tc.want, "What will happen", "Who is affected", `value="assistance.`+tc.act+`"`)...)
				webtest.Expect(t, srb.Get(page+"/"+tc.act), http.StatusNotFound)
				webtest.Expect(t, editor.Get(page+"/"+tc.act), http.StatusForbidden)
				// Without the confirmation: the page, nothing done.
				webtest.Expect(t, coord.Post(page+"/"+tc.act, nil), 200, "What will happen")
				if got := status(h.id); got != tc.from {
					t.Fatalf("a post without the confirmation moved the request to %s", got)
				}
				webtest.Expect(t, coord.Post(page+"/"+tc.act, url.Values{"confirm": {"assistance.submit-other"}}), http.StatusUnprocessableEntity)
				webtest.Expect(t, coord.Post(page+"/"+tc.act, url.Values{"confirm": {"assistance." + tc.act}, "version": {"999"}}), http.StatusConflict, "It changed since you opened this page")
				if got := status(h.id); got != tc.from {
					t.Fatalf("a stale confirmation moved the request to %s", got)
				}
				webtest.Expect(t, coord.Post(page+"/"+tc.act, url.Values{"confirm": {"assistance." + tc.act}}), http.StatusSeeOther)
				if got := status(h.id); got != tc.to {
					t.Fatalf("confirmed: %s, want %s", got, tc.to)
				}
				webtest.Expect(t, coord.Get(page+"/"+tc.act), 200, "This cannot be done now")
			})
		}
		// The API keeps its one-step call.
		h := makeHiddenRequest(t, app, model.RequestAcknowledged)
		if code := coord.JSON("POST", fmt.Sprintf("/api/v1/assistance/requests/%d/withdraw", h.id), nil, nil); code != 200 || status(h.id) != model.RequestWithdrawn {
			t.Errorf("the API's withdrawal: %d", code)
		}
	})
}

// TestDisableAccountIsConfirmed: disabling an account has its page; a post
// without the confirmation leaves the account working (the control: the
// confirmed post disables it); another organisation's coordinator gets 404.
func TestDisableAccountIsConfirmed(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		editor := app.Account("HRV", model.RoleEditor)
		srb := app.Account("SRB", model.RoleCoordinator)
		page := "/accounts/disable?email=" + url.QueryEscape(editor.Account.Email)
		disabled := func() bool {
			t.Helper()
			acc, _, err := app.DB.AccountByEmail(t.Context(), editor.Account.Email)
			if err != nil {
				t.Fatal(err)
			}
			return acc.Disabled
		}
		webtest.Expect(t, coord.Get("/accounts"), 200, `href="`+strings.ReplaceAll(page, "@", "%40")+`"`)
		webtest.Expect(t, coord.Get(page), 200, "Disable the account", "its sessions end and its API tokens stop working", `class="danger"`)
		webtest.Expect(t, srb.Get(page), http.StatusNotFound)
		webtest.Expect(t, coord.Post("/accounts/disable", url.Values{"email": {editor.Account.Email}}), 200, "What will happen")
		if disabled() {
			t.Fatal("a post without the confirmation disabled the account")
		}
		webtest.Expect(t, coord.Post("/accounts/disable", url.Values{"email": {editor.Account.Email}, "confirm": {"account.disable"}}), http.StatusSeeOther)
		if !disabled() {
			t.Fatal("the confirmed post did not disable the account")
		}
		webtest.Expect(t, coord.Get(page), 200, "is disabled already")
	})
}

// TestErrorTitle: a page answering a form with problems (422) or a
// conflict (409) says "Error:" first in its title, once, in the reader's
// language; the same page without problems does not (the control).
func TestErrorTitle(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		coord := app.Account("HRV", model.RoleCoordinator)
		title := regexp.MustCompile(`<title>([^<]*)</title>`)
		for _, tc := range []struct {
			method, path string
			form         url.Values
			status       int
			want         string
		}{
			{"GET", "/naps/new", nil, 200, "New"},
			{"POST", "/naps", url.Values{}, 422, "Error: "},
			{"POST", "/naps?lang=fr", url.Values{}, 422, "Erreur : "},
			{"POST", "/practices", url.Values{}, 422, "Error: "},
			{"POST", "/assistance/requests?lang=ar", url.Values{}, 422, "خطأ: "},
		} {
			var body string
			var code int
			if tc.method == "GET" {
				rec := coord.Get(tc.path)
				body, code = rec.Body.String(), rec.Code
			} else {
				rec := coord.Post(tc.path, tc.form)
				body, code = rec.Body.String(), rec.Code
			}
			m := title.FindStringSubmatch(body)
			if code != tc.status || m == nil {
				t.Errorf("%s %s: %d, want %d", tc.method, tc.path, code, tc.status)
				continue
			}
			got := html.UnescapeString(m[1])
			if tc.status == 200 && strings.Contains(got, "Error") || tc.status != 200 && (!strings.HasPrefix(got, tc.want) || strings.Count(got, tc.want) != 1) {
				t.Errorf("%s %s: title %q", tc.method, tc.path, got)
			}
			if tc.status == 422 && !strings.Contains(body, `id="problems"`) {
				t.Errorf("%s %s: no error summary", tc.method, tc.path)
			}
		}
	})
}
