package web_test

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestFigureNamesInCatalogue: each figure's name and what it counts, and
// each map layer's title, description and legend, are in the catalogue,
// and the English catalogue says exactly what the service says (the API's
// words), so the English pages do not change when they read the
// catalogue. The control: a figure the service does not have is not in
// the catalogue.
func TestFigureNamesInCatalogue(t *testing.T) {
	cat := i18n.MustDefault()
	en := cat.Printer(i18n.English)
	for _, d := range service.FigureDefs {
		if got := en.T("figures.def." + d.ID); got != d.Label {
			t.Errorf("figure %s: the catalogue says %q, the service %q", d.ID, got, d.Label)
		}
		if got := en.T("figures.def." + d.ID + ".counts"); got != d.Counts {
			t.Errorf("figure %s counts: the catalogue says %q, the service %q", d.ID, got, d.Counts)
		}
	}
	if cat.Has("figures.def.no.such.figure") {
		t.Error("control: the catalogue has a figure the service does not")
	}
	var m *service.Maps
	for _, l := range m.MapLayers() {
		if got := en.T("maps.layer." + l.Key); got != l.Title {
			t.Errorf("map layer %s: the catalogue says %q, the service %q", l.Key, got, l.Title)
		}
		if got := en.T("maps.layer." + l.Key + ".desc"); got != l.Description {
			t.Errorf("map layer %s: the catalogue's description %q, the service's %q", l.Key, got, l.Description)
		}
	}
	for _, k := range []string{"maps.class.plans.4", "maps.class.coverage.5", "maps.class.events.4", "maps.class.needs.4"} {
		if !cat.Has(k) {
			t.Errorf("the legend's last class %s is not in the catalogue", k)
		}
	}
	if cat.Has(fmt.Sprintf("maps.class.plans.%d", 5)) {
		t.Error("control: the plans layer has five classes, the catalogue six")
	}
}

var (
	axisLabel = regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+" text-anchor="middle"`)
	yLabel    = regexp.MustCompile(`<text x="([0-9.]+)" y="[0-9.]+" text-anchor="end"`)
)

// TestLangAPagesTranslated: the events list and the assistance overview
// (two pages converted in this part of issue 17) carry, in French and in
// Arabic, a sentence of their own in the language and not its English —
// the control that the page changed, not only its frame; their main
// content is no longer marked English; and the group page's participation
// chart is mirrored in Arabic (its first year at the right) and not in
// English (the control).
func TestLangAPagesTranslated(t *testing.T) {
	eachDemo(t, "2026-11-27T10:00:00Z", func(t *testing.T, app *webtest.App, id int64) {
		cat := i18n.MustDefault()
		anon := app.Anonymous()
		for _, page := range []struct{ path, key string }{
			{"/events", "events.lede"},
			{"/assistance", "assistance.lede"},
			{fmt.Sprintf("/events/%d", id), "events.ev.delegations"},
		} {
			english := cat.Printer(i18n.English).T(page.key)
			for _, lang := range []string{"fr", "ar"} {
				want := cat.Printer(lang).T(page.key)
				if want == english {
					t.Fatalf("%s: the %s catalogue has the English of %s", page.path, lang, page.key)
				}
				body := html.UnescapeString(anon.Get(page.path + "?lang=" + lang).Body.String())
				if !strings.Contains(body, want) || strings.Contains(body, english) {
					t.Errorf("%s in %s: translated sentence present %v, English present %v", page.path, lang, strings.Contains(body, want), strings.Contains(body, english))
				}
				if strings.Contains(body, `<main id="main" tabindex="-1" lang="en"`) {
					t.Errorf("%s in %s: the content is still marked English", page.path, lang)
				}
			}
			if body := html.UnescapeString(anon.Get(page.path + "?lang=en").Body.String()); !strings.Contains(body, english) {
				t.Errorf("control: %s in English lacks %q", page.path, english)
			}
		}
		// The chart: mirrored in Arabic only.
		chart := func(lang string) string {
			body := anon.Get("/groups/SEE?lang=" + lang).Body.String()
			i := strings.Index(body, `id="participation-chart-title"`)
			if i < 0 {
				t.Fatalf("the SEE group's page in %s has no participation chart", lang)
			}
			start := strings.LastIndex(body[:i], "<svg")
			end := strings.Index(body[i:], "</svg>")
			return body[start : i+end+len("</svg>")]
		}
		en, ar := chart("en"), chart("ar")
		if strings.Contains(en, `direction="rtl"`) || !strings.Contains(ar, `direction="rtl"`) {
			t.Errorf("the participation chart's direction: English rtl %v, Arabic rtl %v", strings.Contains(en, `direction="rtl"`), strings.Contains(ar, `direction="rtl"`))
		}
		if !strings.Contains(ar, "المندوبون في الفعاليات") {
			t.Error("the Arabic chart's title is not in Arabic")
		}
		// The x axis's labels (the only centred texts), in the order of
		// the years: left to right in English, right to left in Arabic.
		xs := func(svg string) []float64 {
			var out []float64
			for _, m := range axisLabel.FindAllStringSubmatch(svg, -1) {
				x, _ := strconv.ParseFloat(m[1], 64)
				out = append(out, x)
			}
			return out
		}
		e, a := xs(en), xs(ar)
		if len(e) == 0 || len(a) != len(e) || (len(e) > 1 && (e[0] >= e[len(e)-1] || a[0] <= a[len(a)-1])) {
			t.Errorf("the years' positions: English %v (first at the left?), Arabic %v (first at the right?)", e, a)
		}
		for i := range e {
			if e[i]+a[i] != 720 {
				t.Errorf("year %d is not mirrored about the middle: %v and %v", i, e[i], a[i])
			}
		}
		// The y axis: its values at the left in English, at the right in
		// Arabic (the demo's group has one year of events: the axis shows
		// the side).
		yAxis := func(svg string) float64 {
			m := yLabel.FindStringSubmatch(svg)
			if m == nil {
				t.Fatal("no y axis label")
			}
			x, _ := strconv.ParseFloat(m[1], 64)
			return x
		}
		if ye, ya := yAxis(en), yAxis(ar); ye > 360 || ya < 360 {
			t.Errorf("the y axis: English at x=%v (want the left), Arabic at x=%v (want the right)", ye, ya)
		}
	})
}

// BenchmarkLangAPages renders pages of this part of issue 17 in English and
// Arabic alternately and reports ar/en (the figure: within 10 %):
//
//	go test -run '^$' -bench BenchmarkLangAPages -benchtime=100x -count=3 ./internal/web/
func BenchmarkLangAPages(b *testing.B) {
	app := webtest.New(b, storetest.Open(b, storetest.SQLite))
	viewer := app.Account("HRV", model.RoleViewer)
	for _, page := range []string{"/events", "/figures", "/maps", "/assistance"} {
		b.Run("page="+page, func(b *testing.B) {
			var spent [2]time.Duration
			langs := [2]string{"en", "ar"}
			for b.Loop() {
				for i, l := range langs {
					start := time.Now()
					rec := viewer.Get(page + "?lang=" + l)
					spent[i] += time.Since(start)
					if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<html lang="`+l+`"`) {
						b.Fatalf("%s in %s: %d", page, l, rec.Code)
					}
				}
			}
			b.ReportMetric(float64(spent[1])/float64(spent[0]), "ar/en")
		})
	}
}
