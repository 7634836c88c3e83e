package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

type searchOut struct {
	Items []struct {
		Kind, ID, Title, URL, Snippet string
		TitleHit                      bool `json:"title_hit"`
	} `json:"items"`
	Total  int `json:"total"`
	Facets map[string][]struct {
		Value string
		Count int
	} `json:"facets"`
	Next string `json:"next"`
}

// published makes a published practice of Croatia's.
func published(t *testing.T, app *webtest.App, in model.PracticeInput) int64 {
	t.Helper()
	ctx, sys := context.Background(), model.SystemViewer("test")
	if in.Submitter == "" {
		in.Submitter = "HRV"
	}
	p, err := app.Services.Practices.Create(ctx, sys, service.Given(in))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []model.PracticeStep{model.PracticeStepSubmit, model.PracticeStepVerify, model.PracticeStepPublish} {
		if _, err := app.Services.Practices.Step(ctx, sys, p.ID, s, service.Given(model.PracticeReturn{})); err != nil {
			t.Fatal(err)
		}
	}
	return p.ID
}

// TestSearchBadInput: any query answers normally — quotes, either
// engine's operators, SQL meta-characters, unbalanced quotes, nothing,
// non-Latin scripts — and one over the documented length is 422.
func TestSearchBadInput(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		published(t, app, model.PracticeInput{Title: "Brokering controls", Body: "Контроль брокерской деятельности. الرقابة على السمسرة. 経由 control"})
		for _, q := range []string{`"brokering`, `brokering"`, `"brokering controls"`, "brokering AND controls", "brokering NEAR controls", "broker*", "title:brokering",
			"brokering & controls", "!brokering", "brokering | controls", "(brokering", "brokering)", "'; DROP TABLE search_index; --", "% _ \\", "{title}: x",
			"brokering -controls", "^brokering", "NOT", "AND OR NEAR", "", "   ", "*", ":*", "контроль", "السمسرة", "経由", "e\u0301", "a:b:c:d", strings.Repeat("x ", 99)} {
			var out searchOut
			code := app.JSON("GET", "/api/v1/search?q="+url.QueryEscape(q), nil, &out)
			if code != http.StatusOK {
				t.Errorf("%q: %d", q, code)
			}
			if rec := app.Get("/search?q=" + url.QueryEscape(q)); rec.Code != http.StatusOK {
				t.Errorf("page %q: %d", q, rec.Code)
			}
		}
		// The controls: the words find it, in any script and any case.
		for _, q := range []string{`"brokering controls"`, "broker*", "КОНТРОЛЬ", "السمسرة", "brok"} {
			var out searchOut
			if app.JSON("GET", "/api/v1/search?q="+url.QueryEscape(q), nil, &out); out.Total != 1 {
				t.Errorf("%q finds %d, want 1", q, out.Total)
			}
		}
		for _, q := range []string{strings.Repeat("a", model.MaxSearchText+1), strings.Repeat("x", 10240), "a\x00b"} {
			rec := app.Get("/api/v1/search?q=" + url.QueryEscape(q))
			webtest.Expect(t, rec, http.StatusUnprocessableEntity, `"q"`)
			webtest.Expect(t, app.Get("/search?q="+url.QueryEscape(q)), http.StatusUnprocessableEntity)
		}
		for _, bad := range []string{"kind=planet", "state=XXX", "group=NOPE", "year=abc", "limit=0", "limit=1000", "cursor=%21%21"} {
			webtest.Expect(t, app.Get("/api/v1/search?q=x&"+bad), http.StatusUnprocessableEntity)
		}
	})
}

// TestSearchSnippetsAndRanking: snippets carry no HTML from records (only
// napx's <mark>), titles rank first, stems match in English and French,
// pages follow "next" to the end, and the facets count by kind, State,
// group and year.
func TestSearchSnippetsAndRanking(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		published(t, app, model.PracticeInput{Title: "Customs training", Body: "We trained officers on licensing of exports.", Date: "2016-01-01"})
		rac := app.Account("RACVIAC", model.RoleCoordinator)
		if _, err := app.Services.Events.Create(context.Background(), rac.Viewer, model.EventInput{Kind: "workshop", Title: "A workshop", Start: "2018-03-01",
			End: "2018-03-01", Visibility: "public", Background: "We trained <b>officers</b> on <script>alert(1)</script> licensing & brokering."}); err != nil {
			t.Fatal(err)
		}
		published(t, app, model.PracticeInput{Title: "Licensing", Body: "A short note.", Date: "2017-01-01", Submitter: "MNE"})
		published(t, app, model.PracticeInput{Title: "Les contrôles à l'exportation", Body: "Les autorités contrôlent les exportations.", Date: "2017-01-01", Submitter: "UNODA"})
		for i := range 25 {
			published(t, app, model.PracticeInput{Title: fmt.Sprintf("Filler %d", i), Body: "Nothing about that here.", Date: "2015-01-01"})
		}
		var out searchOut
		app.JSON("GET", "/api/v1/search?q=licensing", nil, &out)
		if out.Total != 3 || len(out.Items) != 3 || out.Items[0].Title != "Licensing" {
			t.Fatalf("licensing: %+v: the title match must come first", out)
		}
		// The title match says so (a title picker keeps it); the others,
		// found in their text, do not.
		for i, it := range out.Items {
			if it.TitleHit != (i == 0) {
				t.Errorf("%q: title_hit %v", it.Title, it.TitleHit)
			}
		}
		snip := ""
		for _, it := range out.Items {
			if it.Kind == "event" {
				snip = it.Snippet
			}
		}
		if strings.Contains(snip, "<b>") || strings.Contains(snip, "<script") || !strings.Contains(snip, "&lt;script&gt;") ||
			!strings.Contains(snip, "<mark>licensing</mark> &amp; brokering") {
			t.Errorf("snippet %q: record HTML must be escaped, the match marked", snip)
		}
		page := app.Get("/search?q=licensing")
		webtest.Expect(t, page, http.StatusOK, "<mark>licensing</mark>", "&lt;script&gt;", "!<script>alert")
		// Stems: "control" finds the French practice ("contrôles"), and
		// "exportations" the English one ("exports").
		app.JSON("GET", "/api/v1/search?q=controle", nil, &out)
		if out.Total != 1 {
			t.Errorf("controle finds %d, want the French practice", out.Total)
		}
		app.JSON("GET", "/api/v1/search?q=exportations", nil, &out)
		if out.Total != 2 {
			t.Errorf("exportations finds %d, want 2 (export, exportations)", out.Total)
		}
		// Facets.
		app.JSON("GET", "/api/v1/search?q=filler&limit=10", nil, &out)
		if out.Total != 25 || len(out.Items) != 10 || out.Next == "" {
			t.Fatalf("filler: total %d, %d items, next %q", out.Total, len(out.Items), out.Next)
		}
		seen := map[string]bool{}
		for page := 0; out.Next != "" && page < 5; page++ {
			for _, it := range out.Items {
				if seen[it.ID] {
					t.Errorf("%s twice", it.ID)
				}
				seen[it.ID] = true
			}
			next := out.Next
			out = searchOut{}
			app.JSON("GET", next, nil, &out)
		}
		for _, it := range out.Items {
			seen[it.ID] = true
		}
		if len(seen) != 25 {
			t.Errorf("the pages hold %d of 25", len(seen))
		}
		facet := func(name, value string) int {
			for _, f := range out.Facets[name] {
				if f.Value == value {
					return f.Count
				}
			}
			return 0
		}
		app.JSON("GET", "/api/v1/search?q=&kind=practice", nil, &out)
		if out.Total != 28 || facet("kind", "practice") != 28 || facet("state", "HRV") != 26 || facet("state", "MNE") != 1 || facet("group", "SEE") != 27 || facet("year", "2015") != 25 {
			t.Errorf("facets: total %d, %+v", out.Total, out.Facets)
		}
		app.JSON("GET", "/api/v1/search?q=&kind=practice&state=MNE", nil, &out)
		if out.Total != 1 || facet("state", "HRV") != 26 {
			t.Errorf("filtered by State: total %d; the State facet counts without its own filter: %+v", out.Total, out.Facets["state"])
		}
	})
}

// TestSearchIndexNoDrift: after creating, changing, publishing, sharing,
// withdrawing and removing records, the index kept in each transaction is
// exactly what a rebuild from the records gives.
func TestSearchIndexNoDrift(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		hrv := app.Account("HRV", model.RoleCoordinator)
		title := "Plan"
		n, err := app.Services.NAPs.Create(ctx, hrv.Viewer, "HRV", model.NAPInput{Title: &title, PeriodStart: model.Ptr("2018"), PeriodEnd: model.Ptr("2021")})
		if err != nil {
			t.Fatal(err)
		}
		var actions []int64
		for i := range 3 {
			a, err := app.Services.NAPs.CreateAction(ctx, hrv.Viewer, n.ID, service.Given(model.NAPActionInput{Title: model.Ptr(fmt.Sprintf("Action %d", i)), Due: model.Ptr("2019-01-01")}))
			if err != nil {
				t.Fatal(err)
			}
			actions = append(actions, a.ID)
		}
		// Translations (issue 17) are kept in their records' rows: before the
		// plan's share and withdrawal, which move them; a removed action's go.
		translate := func(kind string, id int64, lang string, version int64, fields map[string]string) {
			t.Helper()
			if _, err := app.Services.Translations.Save(ctx, hrv.Viewer, kind, id, lang, service.Given(model.TranslationInput{Fields: fields, Version: version})); err != nil {
				t.Fatal(err)
			}
		}
		translate("nap", n.ID, "fr", 0, map[string]string{"title": "Plan", "NAP-01": "Cadre juridique"})
		for _, a := range actions {
			translate(model.TranslationKindAction, a, "es", 0, map[string]string{"title": "Acción", "description": "Oldtrword"})
		}
		translate(model.TranslationKindAction, actions[1], "es", 1, map[string]string{"title": "Acción", "description": "Newtrword"})
		if err := app.Services.Translations.Remove(ctx, hrv.Viewer, model.TranslationKindAction, actions[2], "es", 1); err != nil {
			t.Fatal(err)
		}
		if err := app.Services.NAPs.DeleteAction(ctx, hrv.Viewer, n.ID, actions[0]); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"Oldtrword": 0, "Newtrword": 1, "juridique": 1} {
			if res, err := app.Services.Search.Find(ctx, hrv.Viewer, model.SearchQuery{Q: q}); err != nil || res.Total != want {
				t.Errorf("%q finds %d (%v), want %d", q, res.Total, err, want)
			}
		}
		if _, err := app.Services.NAPs.Share(ctx, hrv.Viewer, n.ID, service.Given([]string{"SEE"})); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.NAPs.Withdraw(ctx, hrv.Viewer, n.ID, nil); err != nil {
			t.Fatal(err)
		}
		ev, err := app.Services.Events.Create(ctx, hrv.Viewer, model.EventInput{Kind: "meeting", Title: "Meeting", Start: "2017-10-02", End: "2017-10-02", Visibility: "public"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.Events.AddMaterial(ctx, hrv.Viewer, ev.ID, service.Given(model.MaterialInput{Title: "Slides", URL: "https://example.org/s", Audience: "signed-in"})); err != nil {
			t.Fatal(err)
		}
		in := ev.Input()
		in.Visibility, in.Title = "private", "Renamed meeting"
		if _, err := app.Services.Events.Update(ctx, hrv.Viewer, ev.ID, service.Given(in)); err != nil {
			t.Fatal(err)
		}
		published(t, app, model.PracticeInput{Title: "Practice", Body: "Body"})
		// A changed text leaves no old word behind.
		draft, err := app.Services.Practices.Create(ctx, hrv.Viewer, service.Given(model.PracticeInput{Title: "Oldwordtitle", Body: "Oldwordbody"}))
		if err != nil {
			t.Fatal(err)
		}
		in2 := draft.Input()
		in2.Title, in2.Body = "Newwordtitle", "Newwordbody"
		if _, err := app.Services.Practices.Update(ctx, hrv.Viewer, draft.ID, service.Given(in2)); err != nil {
			t.Fatal(err)
		}
		for q, want := range map[string]int{"Oldwordtitle": 0, "Oldwordbody": 0, "Newwordtitle": 1, "Newwordbody": 1} {
			res, err := app.Services.Search.Find(ctx, hrv.Viewer, model.SearchQuery{Q: q})
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != want {
				t.Errorf("%q finds %d, want %d", q, res.Total, want)
			}
		}
		// Assistance (issue 11): a request changed and submitted, a
		// programme opened.
		areas := []model.NeedInput{{Area: "AS-EXPORT", Modalities: []string{"training"}}}
		rq, err := app.Services.Assistance.Create(ctx, hrv.Viewer, "HRV", model.RequestInput{Title: model.Ptr("Request"), Summary: model.Ptr("Old summary"), Needs: &areas})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.Assistance.Update(ctx, hrv.Viewer, rq.ID, service.Given(model.RequestInput{Summary: model.Ptr("New summary"), Version: rq.Version})); err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.Assistance.Submit(ctx, hrv.Viewer, rq.ID, nil); err != nil {
			t.Fatal(err)
		}
		g, err := app.Services.Assistance.CreateProgramme(ctx, hrv.Viewer, "HRV", model.ProgrammeInput{Title: model.Ptr("Programme"), Status: model.Ptr("draft"), Areas: &[]string{"AS-LEG"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := app.Services.Assistance.UpdateProgramme(ctx, hrv.Viewer, g.ID, service.Given(model.ProgrammeInput{Status: model.Ptr("open"), Version: g.Version})); err != nil {
			t.Fatal(err)
		}
		translate("event", ev.ID, "ar", 0, map[string]string{"title": "اجتماع", "background": "خلفية"})
		translate("practice", draft.ID, "ru", 0, map[string]string{"title": "Практика", "body": "Текст"})
		translate("assistance", rq.ID, "zh", 0, map[string]string{"title": "请求", "summary": "摘要"})
		before := indexRows(t, app)
		if _, err := app.Services.Search.Reindex(ctx, model.SystemViewer("test"), nil); err != nil {
			t.Fatal(err)
		}
		after := indexRows(t, app)
		if before != after {
			t.Errorf("the index drifted from the records:\nkept:    %s\nrebuilt: %s", before, after)
		}
		if !strings.Contains(after, "material") || !strings.Contains(after, "participants") && !strings.Contains(after, "private") ||
			!strings.Contains(after, "Newtrword") || !strings.Contains(after, "摘要") {
			t.Errorf("the check would prove nothing: %s", after)
		}
	})
}

func indexRows(t *testing.T, app *webtest.App) string {
	t.Helper()
	rows, err := app.DB.SearchIndexRows(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(rows, "\n")
}

// TestSearchFindsStatesInSixLanguages (issue 17, item 3): the search finds
// a State by today's short name in each of the six languages and by a
// former name in each language we have it in; a name that is no State's
// finds none (the control).
func TestSearchFindsStatesInSixLanguages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		cat := app.Services.Directory.Catalog()
		find := func(q, code string) bool {
			t.Helper()
			var out searchOut
			if st := app.JSON("GET", "/api/v1/search?kind=state&q="+url.QueryEscape(q), nil, &out); st != http.StatusOK {
				t.Fatalf("%q: %d", q, st)
			}
			for _, it := range out.Items {
				if it.URL == "/states/"+code {
					return true
				}
			}
			return false
		}
		names := 0
		for _, code := range []string{"HRV", "MKD", "CIV"} {
			s := cat.State(code)
			for _, l := range model.Languages {
				if !find(s.Names[l], code) {
					t.Errorf("%s is not found by its name in %s, %q", code, l, s.Names[l])
				}
				names++
				for _, f := range s.FormerNames {
					if n := f.Names[l]; n != "" && !find(n, code) {
						t.Errorf("%s is not found by its former name in %s, %q", code, l, n)
					}
				}
			}
		}
		if names != 18 || find("Zyxwarland", "HRV") {
			t.Error("the check would prove nothing")
		}
	})
}
