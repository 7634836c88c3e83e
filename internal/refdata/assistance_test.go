package refdata_test

import (
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/refdata"
)

// TestWorkingDayCalendar is the consent window's calendar as a table: the
// fifth UN working day after an acknowledgement, over weekends, the
// official holidays at Headquarters, and year ends (each row says why).
func TestWorkingDayCalendar(t *testing.T) {
	cal, err := refdata.LoadUNCalendar()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		from, want string
		n          int
		why        string
	}{
		{"2026-10-01", "2026-10-08", 5, "the issue's case: Thursday to Thursday over one weekend"},
		{"2026-10-05", "2026-10-12", 5, "Monday: five days end the next Monday (12 October is no UN holiday)"},
		{"2026-10-02", "2026-10-09", 5, "Friday to Friday"},
		{"2026-10-03", "2026-10-09", 5, "acknowledged on a Saturday: counting starts on Monday"},
		{"2026-10-04", "2026-10-09", 5, "acknowledged on a Sunday"},
		{"2026-11-23", "2026-12-01", 5, "Thanksgiving (26 November 2026) is skipped"},
		{"2026-12-21", "2026-12-29", 5, "Christmas (25 December 2026, a Friday) is skipped"},
		{"2026-12-28", "2027-01-05", 5, "over the year end: New Year's Day 2027 (a Friday) is skipped, with 2027's holidays"},
		{"2027-12-20", "2027-12-28", 5, "Christmas 2027 falls on a Saturday and is observed on Friday 24 December"},
		{"2020-07-01", "2020-07-09", 5, "Independence Day 2020 fell on a Saturday: observed Friday 3 July (verified year)"},
		{"2020-05-21", "2020-06-01", 5, "Memorial Day and Eid al-Fitr on two days in a row (25 and 26 May 2020)"},
		{"2017-12-29", "2018-01-08", 5, "New Year's Day 2017 and 2018: the 2018 one (a Monday) is skipped"},
		{"2016-12-30", "2017-01-09", 5, "New Year's Day 2017 fell on a Sunday: observed Monday 2 January (verified year)"},
		{"2026-03-19", "2026-03-27", 5, "Eid al-Fitr (20 March 2026, expected) is skipped"},
		{"2026-04-01", "2026-04-09", 5, "Good Friday 2026 (3 April) is skipped"},
		{"2026-10-01", "2026-10-02", 1, "one working day"},
		{"2026-10-01", "2026-10-01", 0, "no day to add"},
	} {
		got, known := cal.AddWorkingDays(model.MustDate(tc.from), tc.n)
		if got != model.MustDate(tc.want) || !known {
			t.Errorf("%s + %d working days = %s (known %v), want %s: %s", tc.from, tc.n, got, known, tc.want, tc.why)
		}
	}
	// A year napx does not ship: weekends only, and said so.
	if got, known := cal.AddWorkingDays(model.MustDate("2031-12-23"), 5); known || got != model.MustDate("2031-12-30") {
		t.Errorf("2031: %s known %v, want 2031-12-30 and unknown", got, known)
	}
	for _, tc := range []struct {
		day  string
		want bool
	}{
		{"2026-10-08", true}, {"2026-10-10", false}, {"2026-10-11", false}, {"2026-12-25", false}, {"2026-11-26", false},
		{"2026-11-27", true}, {"2021-12-31", false}, {"2022-01-03", true},
	} {
		if got := cal.WorkingDay(model.MustDate(tc.day)); got != tc.want {
			t.Errorf("WorkingDay(%s) = %v, want %v", tc.day, got, tc.want)
		}
	}
	// The window's last day ends at midnight in New York: 04:00 UTC in
	// summer time, 05:00 UTC in winter.
	if got := cal.EndOf(model.MustDate("2026-10-08")); !got.Equal(time.Date(2026, 10, 9, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("end of 8 October 2026 = %s", got)
	}
	if got := cal.EndOf(model.MustDate("2026-12-29")); !got.Equal(time.Date(2026, 12, 30, 5, 0, 0, 0, time.UTC)) {
		t.Errorf("end of 29 December 2026 = %s", got)
	}
	if got := cal.DayAt(time.Date(2026, 10, 9, 3, 59, 0, 0, time.UTC)); got != model.MustDate("2026-10-08") {
		t.Errorf("day at 03:59 UTC on 9 October = %s, want 8 October in New York", got)
	}
}

// TestUNCalendarShipped: the years the demo and the tests need are there,
// each with nine official holidays (ten in 2015, before floating
// holidays), and only the years read in a source are verified.
func TestUNCalendarShipped(t *testing.T) {
	cal, err := refdata.LoadUNCalendar()
	if err != nil {
		t.Fatal(err)
	}
	verified := map[int]bool{2017: true, 2020: true, 2024: true}
	for y := 2015; y <= 2027; y++ {
		hy := cal.Year(y)
		if hy == nil {
			t.Errorf("%d is not shipped", y)
			continue
		}
		want := 9
		if y == 2015 {
			want = 10
		}
		if len(hy.Holidays) != want {
			t.Errorf("%d: %d holidays, want %d", y, len(hy.Holidays), want)
		}
		if hy.Verified != verified[y] {
			t.Errorf("%d: verified %v", y, hy.Verified)
		}
		if !hy.Verified && !strings.Contains(hy.Note, "compiled") {
			t.Errorf("%d: an unverified year must say it was compiled: %q", y, hy.Note)
		}
	}
}

// TestUNCalendarRefusesBadData: the loader refuses what would make the
// window wrong.
func TestUNCalendarRefusesBadData(t *testing.T) {
	base := func(year, holidays string) string {
		return `{"description":"d","time_zone":"America/New_York","sources":[{"id":"s","title":"t"},{"id":"general-knowledge","title":"g"}],` +
			`"years":[{"year":` + year + `,"verified":false,"source":"s","holidays":[` + holidays + `]}]}`
	}
	if _, err := refdata.ParseUNCalendar([]byte(base("2026", `{"date":"2026-01-01","name":"New Year's Day"}`))); err != nil {
		t.Fatalf("control refused: %v", err)
	}
	for name, doc := range map[string]string{
		"a Saturday":         base("2026", `{"date":"2026-01-03","name":"x"}`),
		"another year":       base("2026", `{"date":"2025-06-02","name":"x"}`),
		"out of order":       base("2026", `{"date":"2026-02-02","name":"x"},{"date":"2026-01-02","name":"y"}`),
		"not a date":         base("2026", `{"date":"2026-02-30","name":"x"}`),
		"no holidays":        base("2026", ``),
		"unknown time zone":  strings.Replace(base("2026", `{"date":"2026-01-01","name":"x"}`), "America/New_York", "Mars/Olympus", 1),
		"verified from none": strings.Replace(strings.Replace(base("2026", `{"date":"2026-01-01","name":"x"}`), `"verified":false`, `"verified":true`, 1), `"source":"s"`, `"source":"general-knowledge"`, 1),
		"unknown source":     strings.Replace(base("2026", `{"date":"2026-01-01","name":"x"}`), `"source":"s"`, `"source":"nowhere"`, 1),
	} {
		if _, err := refdata.ParseUNCalendar([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestAssistanceCodeLists: the areas of the domain notes §3.5 and the
// issue's modality IDs, none claimed verified.
func TestAssistanceCodeLists(t *testing.T) {
	a, err := refdata.LoadAssistance()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"AS-LEG", "AS-NAP", "AS-NUC", "AS-CHEM", "AS-BIO", "AS-LAB", "AS-BORDER", "AS-EXPORT", "AS-ENF", "AS-FIN", "AS-OUTREACH", "AS-OTHER"}
	if got := strings.Join(a.AreaIDs(), " "); got != strings.Join(want, " ") {
		t.Errorf("areas %s", got)
	}
	if got := strings.Join(a.ModalityIDs(), " "); got != "legal-advice training equipment study-visit peer-review translation funding" {
		t.Errorf("modalities %s", got)
	}
	for _, ar := range a.Areas {
		if ar.Verified {
			t.Errorf("%s is claimed verified: the list is reconstructed", ar.ID)
		}
	}
	if a.Language("en") == nil || !a.Language("ru").UN || a.Language("hr") == nil || a.Language("xx") != nil || a.Area("AS-NOPE") != nil {
		t.Error("lookups")
	}
	n := 0
	for _, l := range a.Languages {
		if l.UN {
			n++
		}
	}
	if n != 6 {
		t.Errorf("%d UN languages", n)
	}
}
