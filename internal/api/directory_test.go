package api_test

import (
	"os"
	"testing"

	"napx/internal/storetest"
	"napx/internal/webtest"
)

func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }

type stateOut struct {
	Code        string `json:"code"`
	Name        string `json:"name"`
	FormalName  string `json:"formal_name"`
	FormerNames []struct {
		Name  string `json:"name"`
		Until string `json:"until"`
	} `json:"former_names"`
	Matched string `json:"matched"`
}

func TestStatesAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		var all struct{ Items []stateOut }
		if code := app.JSON("GET", "/api/v1/states", nil, &all); code != 200 || len(all.Items) != 195 {
			t.Fatalf("GET /states: %d, %d items; want 200 and 195", code, len(all.Items))
		}
		for _, s := range all.Items {
			if s.Code == "" || s.Name == "" || s.FormerNames == nil {
				t.Fatalf("incomplete State %+v", s)
			}
		}
		tests := []struct {
			q       string
			want    []string
			matched string
		}{
			{"former Yugoslav Republic of Macedonia", []string{"MKD"}, "the former Yugoslav Republic of Macedonia"},
			{"Turkey", []string{"TUR"}, "Turkey"},
			{"swaziland", []string{"SWZ"}, "Swaziland"},
			{"Czechia", []string{"CZE"}, ""},
			{"zzzz", nil, ""},
		}
		for _, tt := range tests {
			var got struct{ Items []stateOut }
			if code := app.JSON("GET", "/api/v1/states?q="+urlEscape(tt.q), nil, &got); code != 200 {
				t.Fatalf("q=%s: %d", tt.q, code)
			}
			if got.Items == nil {
				t.Fatalf("q=%s: items must be an array, not null", tt.q)
			}
			if len(got.Items) != len(tt.want) {
				t.Fatalf("q=%s: %d items, want %v", tt.q, len(got.Items), tt.want)
			}
			for i, s := range got.Items {
				if s.Code != tt.want[i] {
					t.Errorf("q=%s: item %d = %s, want %s", tt.q, i, s.Code, tt.want[i])
				}
				if s.Matched != tt.matched {
					t.Errorf("q=%s: matched = %q, want %q", tt.q, s.Matched, tt.matched)
				}
			}
		}
		var see struct{ Items []stateOut }
		app.JSON("GET", "/api/v1/states?group=see", nil, &see)
		if len(see.Items) != 6 {
			t.Errorf("group=see: %d States, want 6", len(see.Items))
		}
		var mkd stateOut
		if code := app.JSON("GET", "/api/v1/states/mkd", nil, &mkd); code != 200 || mkd.Code != "MKD" || mkd.Name != "North Macedonia" {
			t.Fatalf("GET /states/mkd: %d %+v", code, mkd)
		}
		found := false
		for _, f := range mkd.FormerNames {
			if f.Name == "the former Yugoslav Republic of Macedonia" && f.Until == "2019-02-14" {
				found = true
			}
		}
		if !found {
			t.Errorf("MKD former names lack the UN provisional reference with its date: %+v", mkd.FormerNames)
		}
		webtest.Expect(t, app.Get("/api/v1/states/ZZZ"), 404, `"error":"not found"`)
	})
}

func TestGroupsAndOrganizationsAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		var groups struct {
			Items []struct {
				Code    string `json:"code"`
				Members []struct{ Code, Role string }
			}
		}
		app.JSON("GET", "/api/v1/groups", nil, &groups)
		codes := map[string]int{}
		for _, g := range groups.Items {
			codes[g.Code] = len(g.Members)
		}
		for _, c := range []string{"SEE", "OSCE", "RACVIAC", "UN-AFRICA", "UN-APG", "UN-EEG", "UN-GRULAC", "UN-WEOG"} {
			if codes[c] == 0 {
				t.Errorf("group %s missing or empty", c)
			}
		}
		var orgs struct {
			Items []struct{ Code, Kind string }
		}
		app.JSON("GET", "/api/v1/organizations", nil, &orgs)
		kinds := map[string]string{}
		for _, o := range orgs.Items {
			kinds[o.Code] = o.Kind
		}
		for code, kind := range map[string]string{"UNSC1540": "committee", "UNODA": "secretariat", "IAEA": "international", "RACVIAC": "regional-centre", "DTRA": "programme"} {
			if kinds[code] != kind {
				t.Errorf("organisation %s kind = %q, want %q", code, kinds[code], kind)
			}
		}
		webtest.Expect(t, app.Get("/api/v1/organizations?kind=bogus"), 422, `"kind"`)
		webtest.Expect(t, app.Get("/api/v1/organizations/iaea"), 200, `"code":"IAEA"`)
		webtest.Expect(t, app.Get("/api/v1/groups/see"), 200, `"code":"SEE"`)
	})
}

func urlEscape(s string) string {
	out := []byte{}
	for _, b := range []byte(s) {
		if b == ' ' {
			out = append(out, '+')
			continue
		}
		out = append(out, b)
	}
	return string(out)
}
