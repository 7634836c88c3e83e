package webtest

import (
	"net/http"
	"strings"
	"testing"
)

// DemoParams fill a page route's path parameters with the demo's records:
// the walks over every page (page weights, the six languages, axe) ask
// for the same addresses.
var DemoParams = map[string]string{
	"{id}": "1", "{actionID}": "1", "{code}": "HRV", "{fieldID}": "OP1-01", "{n}": "1", "{mid}": "1", "{pid}": "1", "{sid}": "1", "{fid}": "1",
	"{name}": "none.eml",            // an outbox message: the administrators' 404 page
	"{kind}": "nap", "{lang}": "ar", // a record's translations (issue 17): Croatia's first plan, in Arabic
}

// PagePaths are the addresses of the app's page routes — the GET routes
// that may answer HTML: not the API, static files, files by name, personal
// feeds or metrics — with their parameters filled from DemoParams, less
// those skip refuses (nil: none). A route with a parameter DemoParams has
// no value for fails t: a new page must be walked.
func (a *App) PagePaths(t testing.TB, skip func(path string) bool) []string {
	t.Helper()
	var out []string
	for _, rt := range a.Router.Routes() {
		if rt.Method != http.MethodGet || strings.HasPrefix(rt.Path, "/api/") || strings.HasPrefix(rt.Path, "/static/") ||
			strings.ContainsAny(rt.Path, ".") || rt.Path == "/metrics" || strings.Contains(rt.Path, "{token}") || strings.Contains(rt.Path, "{file}") {
			continue
		}
		path := strings.TrimSuffix(rt.Path, "{$}")
		for k, v := range DemoParams {
			path = strings.ReplaceAll(path, k, v)
		}
		if strings.Contains(path, "{") {
			t.Errorf("%s: no demo value for a parameter; add one to webtest.DemoParams", rt.Path)
			continue
		}
		if skip == nil || !skip(path) {
			out = append(out, path)
		}
	}
	return out
}
