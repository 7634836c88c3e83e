package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// seedReview gives Croatia an approved edition 1 and an edition 2 with
// Croatia that changes three fields (one of them carrying marker).
func seedReview(t *testing.T, app *webtest.App, marker string) {
	t.Helper()
	sent := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	err := app.Services.Demo.MatrixEditions(context.Background(), model.SystemViewer("test"), "HRV", []service.IllustrativeEdition{
		{Status: model.EditionApproved, Approved: sent.AddDate(-1, 0, 0), Cells: []model.MatrixCell{
			{FieldID: "OP1-01", Status: model.CellX, Reference: "ratified 1992"},
			{FieldID: "OP1-02", Status: model.CellX, Reference: "ratified 1995"},
			{FieldID: "OP2-NW-01.LF", Status: model.CellQ}}},
		{Status: model.EditionWithState, Sent: sent, Cells: []model.MatrixCell{
			{FieldID: "OP1-02", Status: model.CellX, Reference: "ratified 1995, amended 2020"},
			{FieldID: "OP2-NW-01.LF", Status: model.CellX, Reference: "Criminal Code, art. 88"},
			{FieldID: "OP3d-NW-09.LF", Status: model.CellX, Remarks: marker}}},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestGuidedMatrixReview walks Croatia's coordinator through the edition
// with Croatia: the changes against approved edition 1, one page each with
// the approved value being replaced, a comment inline, each change marked
// read (per account: the expert's marks are the expert's), the
// check-your-answers page listing what is still unread, then the agreement.
func TestGuidedMatrixReview(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedReview(t, app, "HRV-REVIEW-MARK")
		coord := app.Account("HRV", model.RoleCoordinator)
		expert := app.Account("UNSC1540", model.RoleEditor)
		base := "/states/HRV/matrix"

		webtest.Expect(t, coord.Get(base), 200, `href="/states/HRV/matrix/review"`, "Review the changes one by one", "Agree to edition 2")
		webtest.Expect(t, coord.Get(base+"/review"), 200, "3 fields changed since approved edition 1", "0 of 3 changes", "Start the review",
			`href="/states/HRV/matrix/review/OP1-02"`, "ratified 1995, amended 2020", "HRV-REVIEW-MARK", "not read yet",
			"With Croatia since 1 February 2026 — awaiting Croatia", "!OP1-01<")
		webtest.Expect(t, coord.Get(base+"/review/OP1-02"), 200, "Change 1 of 3", "Approved value (being replaced)", "ratified 1995<", "ratified 1995, amended 2020",
			`rel="next"`, "!rel=\"prev\"", "Mark as read and continue")
		webtest.Expect(t, coord.Get(base+"/review/OP2-NW-01.LF"), 200, "Change 2 of 3", `rel="prev"`, `rel="next"`, "status changed")
		webtest.Expect(t, coord.Get(base+"/review/OP1-01"), 404) // not changed: no page of the review
		webtest.Expect(t, coord.Get(base+"/review/OP9-99"), 404)

		// A comment made on a change's page returns to it.
		rec := coord.Post(base+"/cells/OP1-02/comments", url.Values{"body": {"The amendment of 2020 is in force."}, "edition": {"2"}, "back": {"review"}})
		webtest.Expect(t, rec, 303)
		if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, base+"/review/OP1-02") {
			t.Errorf("after a comment: %s", loc)
		}
		webtest.Expect(t, coord.Get(base+"/review/OP1-02"), 200, "1 comment", "The amendment of 2020 is in force.")

		// Marked read: on to the next change not read.
		rec = coord.Post(base+"/review/OP1-02/seen", url.Values{"edition": {"2"}})
		webtest.Expect(t, rec, 303)
		if loc := rec.Header().Get("Location"); loc != base+"/review/OP2-NW-01.LF" {
			t.Errorf("after the first mark: %s", loc)
		}
		webtest.Expect(t, coord.Post(base+"/review/OP1-02/seen", url.Values{"edition": {"1"}}), 409, "edition 1 is not the one with the State")
		webtest.Expect(t, coord.Get(base+"/review"), 200, "1 of 3 changes", "Continue with the next unread change")
		// The check-your-answers page: the changes, their comments, what is unread.
		webtest.Expect(t, coord.Get(base+"/agree"), 200, "Check your answers", "You have not read 2 changes yet.", "ratified 1995, amended 2020",
			"HRV-REVIEW-MARK", "Agree on behalf of Croatia")
		// The marks are the coordinator's own: the expert has read nothing.
		var g struct {
			Seen    int
			Changes []struct {
				FieldID string     `json:"field_id"`
				SeenAt  *time.Time `json:"seen_at"`
			}
		}
		if code := expert.JSON("GET", "/api/v1/states/HRV/matrix/review", nil, &g); code != 200 || g.Seen != 0 || len(g.Changes) != 3 {
			t.Fatalf("the expert's review: %d %+v", code, g)
		}
		if code := expert.JSON("POST", "/api/v1/states/HRV/matrix/review/OP3d-NW-09.LF/seen", map[string]any{}, &g); code != 200 || g.Seen != 1 || g.Changes[2].SeenAt == nil {
			t.Fatalf("the expert's mark: %d %+v", code, g)
		}
		webtest.Expect(t, coord.Get(base+"/review"), 200, "1 of 3 changes")

		// The last two marks: the second leads to check your answers.
		webtest.Expect(t, coord.Post(base+"/review/OP2-NW-01.LF/seen", url.Values{}), 303)
		rec = coord.Post(base+"/review/OP3d-NW-09.LF/seen", url.Values{})
		if loc := rec.Header().Get("Location"); rec.Code != 303 || loc != base+"/agree" {
			t.Errorf("after the last mark: %d %s", rec.Code, loc)
		}
		// Reading a change twice changes nothing (no second audit entry).
		before := auditCount(t, app, "matrix.review.seen")
		webtest.Expect(t, coord.Post(base+"/review/OP1-02/seen", url.Values{}), 303)
		if after := auditCount(t, app, "matrix.review.seen"); after != before {
			t.Errorf("a second mark was audited: %d → %d", before, after)
		}
		webtest.Expect(t, coord.Get(base+"/agree"), 200, "3 of 3 changes", "!You have not read")
		webtest.Expect(t, coord.Post(base+"/agree", url.Values{"confirm": {"matrix.agree"}, "version": {"2"}}), 303)
		webtest.Expect(t, coord.Get(base+"/review"), 200, "Agreed by Croatia", "!Check your answers and agree")

		// Six languages: the review in French and Arabic.
		webtest.Expect(t, coord.Get(base+"/review?lang=fr"), 200, "Examiner les modifications", "Valeur approuvée")
		webtest.Expect(t, expert.Get(base+"/review/OP1-02?lang=ar"), 200, `dir="rtl"`, "التغيير 1 من 3")
	})
}

// TestGuidedReviewNothingToReview: with no edition with the State, the
// State reads that there is nothing to review; marks are refused.
func TestGuidedReviewNothingToReview(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedMatrices(t, app, "x")
		srb := app.Account("SRB", model.RoleCoordinator)
		webtest.Expect(t, srb.Get("/states/SRB/matrix/review"), 200, "No edition of the matrix of Serbia is with Serbia for review now.")
		webtest.Expect(t, srb.Post("/states/SRB/matrix/review/OP1-01/seen", url.Values{}), 409, "no edition of Serbia")
		webtest.Expect(t, app.Anonymous().Get("/states/SRB/matrix/review"), 404)
	})
}

// TestMatrixReviewHidden: Montenegro's edition with the State — its
// review, change pages and marks — is invisible to outsiders.
func TestMatrixReviewHidden(t *testing.T) {
	const marker = "MNE-REVIEW-4a9e"
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		seedMatrices(t, app, marker)
		app.CheckHidden(t, webtest.Hidden{
			Owner: "MNE", Level: model.VisCommittee, Marker: marker,
			Reads: []string{"/states/{owner}/matrix/review", "/states/{owner}/matrix/review/OP1-07", "/api/v1/states/{owner}/matrix/review"},
			Writes: []webtest.Request{
				jsonReq("POST", "/api/v1/states/{owner}/matrix/review/OP1-07/seen", `{}`),
			},
			Forms: []webtest.Form{
				{Path: "/states/{owner}/matrix/review/OP1-07/seen", Values: url.Values{"edition": {"1"}}},
			},
		})
	})
}

// auditCount: events_logistics_test.go.
