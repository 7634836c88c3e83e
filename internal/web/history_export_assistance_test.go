package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// TestExportAssistanceAndInbox: an account's export holds of assistance
// what its pages show it — a draft request its requester's, a submitted
// one its requesters' and the Committee's, the Committee's notes the
// Committee's, a circulated request's details (its description, its
// need's, an offer, the delivery, the feedback) its insiders' and its
// providers' (another provider's offer the insiders'), a draft programme
// its provider's — and of notifications, follows and settings only the
// account's own. Each marker is found in the export of one who may read
// it (the control) and in no other.
func TestExportAssistanceAndInbox(t *testing.T) {
	eachAssistance(t, func(t *testing.T, base *webtest.App) {
		app := base.Fresh(t)
		ctx := context.Background()
		sys := model.SystemViewer("test")
		a := app.Services.Assistance
		hrv := app.Account("HRV", model.RoleCoordinator, webtest.Email("owner@hrv.example.org"))
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		need := func(desc string) *[]model.NeedInput {
			return &[]model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}, Description: desc}}
		}
		_, err := a.Create(ctx, hrv.Viewer, "HRV", model.RequestInput{Title: model.Ptr("XA-draft request"), Needs: need("first need")})
		must(err)
		sub, err := a.Create(ctx, sys, "HRV", model.RequestInput{Title: model.Ptr("XA-submitted request"), CommitteeNotes: model.Ptr("XA-notes of the Committee"),
			Needs: need("a need")})
		must(err)
		_, err = a.Submit(ctx, sys, sub.ID, nil)
		must(err)
		pub, err := a.Create(ctx, hrv.Viewer, "HRV", model.RequestInput{Title: model.Ptr("Public request"), Summary: model.Ptr("The summary everyone reads"),
			Description: model.Ptr("XA-details: the situation"), NoteVerbaleDate: model.Ptr("2026-09-30"), Needs: need("XA-details of the need")})
		must(err)
		_, err = a.Submit(ctx, hrv.Viewer, pub.ID, nil)
		must(err)
		_, err = a.Acknowledge(ctx, sys, pub.ID, service.Given(model.Acknowledgement{Date: "2026-10-01"}))
		must(err)
		_, err = a.RunTimers(ctx)
		must(err)
		programme := func(c *webtest.Client, org, title, status string) int64 {
			g, err := a.CreateProgramme(ctx, c.Viewer, org, model.ProgrammeInput{Title: model.Ptr(title), Areas: &[]string{"AS-EXPORT"},
				Modalities: &[]string{"training"}, Status: model.Ptr(status)})
			must(err)
			return g.ID
		}
		wco := app.Account("WCO", model.RoleEditor, webtest.Email("provider@wco.example.org"))
		eu := app.Account("EU", model.RoleEditor, webtest.Email("provider@eu.example.org"))
		wcoProg := programme(wco, "WCO", "Customs training", "open")
		euProg := programme(eu, "EU", "Export control outreach", "open")
		programme(app.Account("HRV", model.RoleEditor, webtest.Email("editor@hrv.example.org")), "HRV", "XA-draft programme", "draft")
		needID := pub.Needs[0].ID
		_, err = a.Offer(ctx, eu.Viewer, needID, service.Given(model.OfferInput{Programme: euProg, Note: "XA-offer of another provider"}))
		must(err)
		_, err = a.Match(ctx, sys, needID, service.Given(model.MatchInput{Programme: wcoProg}))
		must(err)
		_, err = a.AddDelivery(ctx, wco.Viewer, needID, service.Given(model.DeliveryInput{Start: "2026-10-20", What: "XA-details delivered"}))
		must(err)
		_, err = a.AddFeedback(ctx, hrv.Viewer, needID, service.Given(model.FeedbackInput{Activities: "XA-details of the feedback", Achievements: "a", Opportunities: "o"}))
		must(err)
		// The owner's coordinator follows a State and keeps a setting.
		_, err = app.Services.Notifications.Follow(ctx, hrv.Viewer, service.Given(model.FollowInput{Kind: "state", Target: "SRB"}))
		must(err)
		_, err = app.Services.Notifications.SetSettings(ctx, hrv.Viewer, service.Given(model.NotificationSettingsInput{Deliveries: map[string]string{"nap.published": "digest"}}))
		must(err)

		type reader struct {
			c       *webtest.Client
			allowed []string // the markers its export may hold; each must be there
		}
		details := []string{"XA-details: the situation", "XA-details of the need", "XA-details delivered", "XA-details of the feedback"}
		readers := []reader{
			{hrv, append([]string{"XA-draft request", "XA-submitted request", "XA-offer of another provider", "XA-draft programme"}, details...)},
			{app.Account("UNODA", model.RoleEditor, webtest.Email("officer@unoda.example.org")),
				append([]string{"XA-submitted request", "XA-notes of the Committee", "XA-offer of another provider"}, details...)},
			{wco, details},
			{app.Account("SRB", model.RoleCoordinator, webtest.Email("coord@srb.example.org")), nil},
			{app.Account("SRB", model.RoleViewer, webtest.Admin, webtest.Email("admin@srb.example.org")), nil},
			{app.Account("RACVIAC", model.RoleCoordinator, webtest.Email("coord@racviac.example.org")), nil},
		}
		markers := append([]string{"XA-draft request", "XA-submitted request", "XA-notes of the Committee", "XA-offer of another provider", "XA-draft programme"}, details...)
		for _, r := range readers {
			rec := r.c.Do(webtest.Request{Path: "/api/v1/export"})
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: export %d %s", r.c.Name(), rec.Code, rec.Body.String())
			}
			b := rec.Body.Bytes()
			if !bytes.Contains(b, []byte("The summary everyone reads")) {
				t.Errorf("%s: the circulated request's summary is missing: the check would prove nothing", r.c.Name())
			}
			found := map[string]bool{}
			for _, line := range bytes.Split(b, []byte("\n")) {
				for _, m := range markers {
					if !bytes.Contains(line, []byte(m)) {
						continue
					}
					if !slices.Contains(r.allowed, m) {
						t.Errorf("%s: the export holds %q: %s", r.c.Name(), m, model.Truncate(string(line), 200))
					}
					found[m] = true
				}
			}
			for _, want := range r.allowed {
				if !found[want] {
					t.Errorf("%s: the export lacks %q, which it may read: the check would prove nothing", r.c.Name(), want)
				}
			}
			// An inbox, follows and settings are the account's own.
			var doc struct {
				Tables []struct {
					Table   string
					Columns []string
					Rows    [][]any
				}
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			own := map[string]int{}
			for _, tb := range doc.Tables {
				if tb.Table != "notifications" && tb.Table != "notification_settings" && tb.Table != "follows" {
					continue
				}
				col := -1
				for i, c := range tb.Columns {
					if c == "account_id" {
						col = i
					}
				}
				for _, row := range tb.Rows {
					if id, _ := row[col].(float64); int64(id) != r.c.Account.ID {
						t.Errorf("%s: the export holds another account's %s: %v", r.c.Name(), tb.Table, row)
					}
					own[tb.Table]++
				}
			}
			if r.c == hrv && (own["follows"] == 0 || own["notification_settings"] == 0) {
				t.Errorf("the owner's export lacks its follows or settings (%v): the check would prove nothing", own)
			}
		}
	})
}
