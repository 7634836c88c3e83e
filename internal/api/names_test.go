package api_test

import (
	"net/url"
	"testing"

	"napx/internal/webtest"
)

// TestNamesInSixLanguages (issue 17, item 3): a group and an organisation
// answer names with one entry per language and where each comes from; an
// organisation is found by its name in another language; a State's former
// name answers its translations and finds the State in Russian. Controls:
// English is the reference data's name, and a name no entity has finds
// nothing.
func TestNamesInSixLanguages(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		type names struct{ Ar, Zh, En, Fr, Ru, Es string }
		var g struct {
			Name        string `json:"name"`
			Names       names  `json:"names"`
			NameSources names  `json:"name_sources"`
		}
		if st := app.JSON("GET", "/api/v1/groups/UN-WEOG", nil, &g); st != 200 || g.Names.En != g.Name ||
			g.Names.Fr != "États d’Europe occidentale et autres États" || g.Names.Ru == "" || g.Names.Ar == "" || g.Names.Zh == "" || g.Names.Es == "" ||
			g.NameSources.En != "reference-data" || g.NameSources.Fr != "un-usage" {
			t.Fatalf("GET /groups/UN-WEOG: %d %+v", st, g)
		}
		var o struct {
			Name        string `json:"name"`
			Names       names  `json:"names"`
			NameSources names  `json:"name_sources"`
		}
		if st := app.JSON("GET", "/api/v1/organizations/unoda", nil, &o); st != 200 || o.Names.En != "United Nations Office for Disarmament Affairs" ||
			o.Names.Es != "Oficina de Asuntos de Desarme de las Naciones Unidas" || o.NameSources.Es != "un-usage" {
			t.Fatalf("GET /organizations/unoda: %d %+v", st, o)
		}
		if st := app.JSON("GET", "/api/v1/organizations/NSG", nil, &o); st != 200 || o.NameSources.Ru != "draft" {
			t.Fatalf("a draft translation is not said to be one: %d %+v", st, o)
		}
		var list struct {
			Items []struct {
				Code string `json:"code"`
			} `json:"items"`
		}
		for q, want := range map[string]string{"Organisation pour l’interdiction": "OPCW", "Всемирная таможенная": "WCO", "国际原子能机构": "IAEA", "Nonexistentorg": ""} {
			list.Items = nil
			if st := app.JSON("GET", "/api/v1/organizations?q="+url.QueryEscape(q), nil, &list); st != 200 {
				t.Fatalf("search %q: %d", q, st)
			}
			if want == "" && len(list.Items) != 0 || want != "" && (len(list.Items) != 1 || list.Items[0].Code != want) {
				t.Errorf("organisations named %q: %+v, want %q", q, list.Items, want)
			}
		}
		var s struct {
			FormerNames []struct {
				Name  string `json:"name"`
				Names *names `json:"names"`
			} `json:"former_names"`
		}
		if st := app.JSON("GET", "/api/v1/states/SWZ", nil, &s); st != 200 || len(s.FormerNames) == 0 || s.FormerNames[0].Names == nil ||
			s.FormerNames[0].Names.Ru != "Свазиленд" {
			t.Fatalf("GET /states/SWZ: %d %+v", st, s)
		}
		var states struct {
			Items []stateOut `json:"items"`
		}
		if st := app.JSON("GET", "/api/v1/states?q="+url.QueryEscape("Свазиленд"), nil, &states); st != 200 || len(states.Items) != 1 || states.Items[0].Code != "SWZ" {
			t.Fatalf("a State by its former name in Russian: %d %+v", st, states.Items)
		}
	})
}
