package web_test

import (
	"net/http"
	"testing"

	"napx/internal/webtest"
)

func TestDirectoryPages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		tests := []struct {
			path   string
			status int
			want   []string
		}{
			{"/", 200, []string{"napx is where", `action="/states"`, `lang="en"`}},
			{"/states", 200, []string{"195 States", "North Macedonia", "Holy See"}},
			{"/states?q=former+Yugoslav+Republic+of+Macedonia", 200, []string{"1 State matching", `href="/states/MKD"`, "matched: “the former Yugoslav Republic of Macedonia”", "!Croatia"}},
			{"/states?group=SEE", 200, []string{"6 States", "Montenegro", "!France"}},
			{"/states/MKD", 200, []string{"North Macedonia", "Names over time", "the former Yugoslav Republic of Macedonia", "14 February 2019", "South-East Europe"}},
			{"/states/TUR", 200, []string{"Türkiye", "Turkey"}},
			{"/groups", 200, []string{"UN-WEOG", "RACVIAC"}},
			{"/groups/SEE", 200, []string{"6 members", "Albania"}},
			{"/organizations", 200, []string{"UNSC1540", "International Atomic Energy Agency"}},
			{"/organizations?kind=regional-centre", 200, []string{"RACVIAC", "!International Atomic Energy Agency"}},
			{"/organizations/RACVIAC", 200, []string{"Bestovje"}},
			{"/about", 200, []string{"iso-codes"}},
			{"/static/app.css", 200, []string{"@media print"}},
			{"/static/vendor/htmx-2.0.11.min.js", 200, []string{"htmx"}},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				webtest.Expect(t, app.Get(tt.path), tt.status, tt.want...)
			})
		}
		// Codes are case-insensitive: lower case redirects to the canonical page.
		rec := app.Get("/states/mkd")
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/states/MKD" {
			t.Errorf("/states/mkd: %d → %q", rec.Code, rec.Header().Get("Location"))
		}
		if rec := app.Get("/organizations/HRV"); rec.Header().Get("Location") != "/states/HRV" {
			t.Errorf("a State's organisation page is its State page: %q", rec.Header().Get("Location"))
		}
	})
}

func TestLiveSearchFragment(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		rec := app.Get("/states?q=turk", "HX-Request", "true")
		webtest.Expect(t, rec, 200, "Türkiye", "!<html", "!Skip to main content")
	})
}
