package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"napx/internal/model"
	"napx/internal/store"
	"napx/internal/storetest"
	"napx/internal/webtest"
)

// TestCrossSiteRefusalsAreCountedNotStored: refused cross-site requests
// with hostile Origins and paths are all refused, counted in the metrics
// and logged, and recorded in the audit log on both engines (PostgreSQL
// used to lose the entry for bytes that are not UTF-8) — but at most once
// per client and minute, cut and cleaned, never verbatim (50 requests
// with a 30 kB Origin used to add 1.5 MB that can never be pruned).
func TestCrossSiteRefusalsAreCountedNotStored(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2030, 1, 2, 10, 0, 0, 0, time.UTC)
		app := webtest.New(t, db, webtest.Clock(func() time.Time { return now }))
		head := auditHead(t, db)
		origin := "https://evil\xff\x00.example/" + strings.Repeat("o", 30<<10)
		const n = 50
		for range n {
			rec := app.Do(webtest.Request{Method: "POST", Path: "/naps/%FF%00" + strings.Repeat("p", 2000), Body: strings.NewReader("title=x"),
				Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}, "Origin": {origin}}})
			if rec.Code != http.StatusForbidden {
				t.Fatalf("cross-site post: %d", rec.Code)
			}
		}
		// Another client gets its own entry.
		rec := app.Do(webtest.Request{Method: "POST", Path: "/naps", Remote: "198.51.100.7:999", Body: strings.NewReader("title=x"),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://other.example"}}})
		if rec.Code != http.StatusForbidden {
			t.Fatalf("cross-site post from another client: %d", rec.Code)
		}
		es, err := db.AuditEntries(t.Context(), model.AuditFilter{Action: "security.cross-origin"})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 2 || auditHead(t, db) != head+2 {
			t.Fatalf("%d cross-origin entries (head %d → %d), want 2: one per client and minute", len(es), head, auditHead(t, db))
		}
		for _, e := range es {
			if !utf8.ValidString(e.Summary) || strings.ContainsRune(e.Summary, 0) || utf8.RuneCountInString(e.Summary) > 400 {
				t.Errorf("summary (%d characters): %.200q", utf8.RuneCountInString(e.Summary), e.Summary)
			}
		}
		if !strings.Contains(es[1].Summary, "192.0.2.1") || !strings.Contains(es[1].Summary, "https://evil") {
			t.Errorf("the first entry does not say what was refused: %.300q", es[1].Summary)
		}
		// Every refusal is counted and logged.
		metrics := app.Do(webtest.Request{Path: "/metrics", Remote: "127.0.0.1:5000"}).Body.String()
		if !strings.Contains(metrics, `napx_refusals_total{action="security.cross-origin"} 51`) ||
			!strings.Contains(metrics, `napx_refusals_not_audited_total{action="security.cross-origin"} 49`) {
			t.Errorf("metrics:\n%s", grepLines(metrics, "napx_refusals"))
		}
		if got := strings.Count(app.Logs(), `"msg":"refused"`); got != n+1 {
			t.Errorf("%d refusals logged, want %d", got, n+1)
		}
		if strings.Contains(app.Logs(), strings.Repeat("o", 200)) {
			t.Error("the log holds the Origin verbatim")
		}
		// The next minute's first refusal from the client is recorded, with
		// the number of those left out.
		now = now.Add(time.Minute)
		app.Do(webtest.Request{Method: "POST", Path: "/naps", Body: strings.NewReader("title=x"),
			Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Sec-Fetch-Site": {"cross-site"}, "Origin": {origin}}})
		es, _ = db.AuditEntries(t.Context(), model.AuditFilter{Action: "security.cross-origin", Limit: 1})
		if len(es) != 1 || !strings.Contains(es[0].Summary, "49 more from this client") {
			t.Errorf("the next minute's entry: %+v", es)
		}
		webtest.Expect(t, app.Get("/healthz"), http.StatusOK)
	})
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
