package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/service"
	"napx/internal/webtest"
)

// openFile fetches an open-data file as an anonymous reader from its own
// address (so the rate limit of other tests' requests does not apply).
func openFile(t *testing.T, app *webtest.App, path string) []byte {
	t.Helper()
	rec := app.Do(webtest.Request{Path: path, Remote: "198.51.100.7:4000"})
	if rec.Code != http.StatusOK {
		t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
	}
	return rec.Body.Bytes()
}

// TestOpenDataOnlyPublic: every open-data file holds only public records —
// a planted private report and event of Croatia are in none, the public
// ones of Serbia are (the control) — and parses as CSV and JSON with
// exactly the dictionary's columns; a record made after the files were
// generated is in the files asked for next; the daily scan generates them.
func TestOpenDataOnlyPublic(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		ctx := context.Background()
		sys := model.SystemViewer("test")
		firstReport(t, app, "HRV", "PRIVATE-OD", "2019-05-04", model.VisPrivate)
		firstReport(t, app, "SRB", "PUBLIC-OD", "2018-05-04", model.VisPublic)
		for _, vis := range []string{"private", "public"} {
			if _, err := app.Services.Events.Create(ctx, sys, model.EventInput{Kind: "workshop", Title: strings.ToUpper(vis) + "-OD event", Organizer: "HRV",
				Start: "2030-05-06", End: "2030-05-07", TimeZone: "Europe/Zagreb", Visibility: vis}); err != nil {
				t.Fatal(err)
			}
		}
		if err := app.Services.Jobs.RunScans(ctx, sys, model.DateOf(app.Services.Now())); err != nil {
			t.Fatal(err)
		}
		for _, k := range service.OpenKinds {
			want := make([]string, len(k.Columns))
			for i, c := range k.Columns {
				want[i] = c.Name
			}
			c := openFile(t, app, "/open-data/"+k.Name+".csv")
			recs, err := csv.NewReader(bytes.NewReader(c)).ReadAll()
			if err != nil {
				t.Fatalf("%s.csv: %v", k.Name, err)
			}
			if !slices.Equal(recs[0], want) {
				t.Errorf("%s.csv: columns %v, the dictionary says %v", k.Name, recs[0], want)
			}
			if len(recs) < 2 && k.Name != "plans" && k.Name != "matrix-editions" && k.Name != "assistance-requests" && k.Name != "programmes" {
				t.Errorf("%s.csv holds no record", k.Name)
			}
			j := openFile(t, app, "/open-data/"+k.Name+".json")
			var doc struct {
				Licence string           `json:"licence"`
				Columns []string         `json:"columns"`
				Items   []map[string]any `json:"items"`
			}
			if err := json.Unmarshal(j, &doc); err != nil {
				t.Fatalf("%s.json: %v", k.Name, err)
			}
			if !slices.Equal(doc.Columns, want) || !strings.Contains(doc.Licence, "CC BY 4.0") || len(doc.Items) != len(recs)-1 {
				t.Errorf("%s.json: columns %v, licence %q, %d items for %d CSV rows", k.Name, doc.Columns, doc.Licence, len(doc.Items), len(recs)-1)
			}
			for _, it := range doc.Items {
				var keys []string
				for key := range it {
					keys = append(keys, key)
				}
				slices.Sort(keys)
				sorted := slices.Sorted(slices.Values(want))
				if !slices.Equal(keys, sorted) {
					t.Errorf("%s.json: an item's keys %v", k.Name, keys)
					break
				}
			}
			for _, b := range [][]byte{c, j} {
				if bytes.Contains(b, []byte("PRIVATE-OD")) {
					t.Errorf("%s: a private record is in the open data", k.Name)
				}
			}
			if (k.Name == "reports" || k.Name == "events") && !bytes.Contains(c, []byte("PUBLIC-OD")) {
				t.Errorf("%s.csv lacks the public record: the check would prove nothing", k.Name)
			}
		}
		// Fresh: a report made now is in the next file asked for.
		firstReport(t, app, "SRB", "LATER-OD", "2020-05-04", model.VisPublic)
		if !bytes.Contains(openFile(t, app, "/open-data/reports.csv"), []byte("LATER-OD")) {
			t.Error("a file older than the data was served")
		}
		// The changes feed.
		var ch struct {
			Items []struct {
				Kind string `json:"kind"`
				URL  string `json:"url"`
			} `json:"items"`
		}
		if err := json.Unmarshal(openFile(t, app, "/open-data/changes.json?since=2004-01-01"), &ch); err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, it := range ch.Items {
			kinds[it.Kind]++
		}
		if kinds["reports"] != 2 || kinds["events"] != 1 {
			t.Errorf("changes: %v, want the 2 public reports and the public event", kinds)
		}
		rec := app.Do(webtest.Request{Path: "/open-data/changes.json?since=last+week", Remote: "198.51.100.7:4000"})
		webtest.Expect(t, rec, http.StatusUnprocessableEntity, `"since"`)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/open-data/nope.csv", Remote: "198.51.100.8:1"}), http.StatusNotFound)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/open-data/reports.xml", Remote: "198.51.100.8:1"}), http.StatusNotFound)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/open-data/", Remote: "198.51.100.8:1"}), http.StatusOK, "CC BY 4.0", "keep their own terms", "first_submitted_on")
	})
}

// TestOpenDataRateLimit: a client address that is not signed in gets its
// burst, then 429 with Retry-After; another address (the control) and a
// signed-in reader are still served.
func TestOpenDataRateLimit(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		const addr = "203.0.113.9:5555"
		ok, limited := 0, 0
		var retry string
		for range web429Tries {
			rec := app.Do(webtest.Request{Path: "/open-data/dictionary.json", Remote: addr})
			switch rec.Code {
			case http.StatusOK:
				ok++
			case http.StatusTooManyRequests:
				limited++
				retry = rec.Header().Get("Retry-After")
			default:
				t.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
		}
		if ok < 60 || limited == 0 {
			t.Fatalf("%d served and %d refused: want the burst of 60 served, then 429", ok, limited)
		}
		if n, err := strconv.Atoi(retry); err != nil || n < 1 {
			t.Errorf("Retry-After %q", retry)
		}
		rec := app.Do(webtest.Request{Path: "/api/v1/figures?id=naps.states", Remote: addr})
		webtest.Expect(t, rec, http.StatusTooManyRequests, `"error"`)
		webtest.Expect(t, app.Do(webtest.Request{Path: "/open-data/dictionary.json", Remote: "203.0.113.10:5555"}), http.StatusOK)
		c := app.Account("SRB", model.RoleViewer)
		// The signed-in reader, from the very address that is refused.
		webtest.Expect(t, c.Do(webtest.Request{Path: "/open-data/dictionary.json", Remote: addr}), http.StatusOK)
	})
}

const web429Tries = 80
