package i18n

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// TestFastDatesAreTheSlowOnes: Date and DateTime from the printer's tables
// (dates.go) write byte for byte what the x/text passes write, in the six
// languages, on every day of four years (each month, each day of a month,
// a leap day) and on the first of January of every year from 0 to 3000,
// with a different time each day. The control that the comparison means
// something: every printer takes the fast path (its patterns were cut);
// and the patterns refuse what they cannot write (a plural message, a %d).
func TestFastDatesAreTheSlowOnes(t *testing.T) {
	c := MustDefault()
	var days []time.Time
	for d := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2028; d = d.AddDate(0, 0, 1) {
		days = append(days, d.Add(time.Duration(len(days)%1440)*time.Minute))
	}
	for y := 0; y <= 3000; y++ {
		days = append(days, time.Date(y, 1, 1, y%24, y%60, 0, 0, time.UTC))
	}
	for _, l := range Languages() {
		p := c.Printer(l.Code)
		if p.dates == nil || p.dates.long == nil || p.dates.time == nil {
			t.Fatalf("%s: the date patterns were not cut: Date takes x/text's path", l.Code)
		}
		bad := 0
		for _, d := range days {
			if fast, slow := p.Date(d), p.slowDate(d); fast != slow {
				t.Errorf("%s: Date(%s) = %q, x/text writes %q", l.Code, d.Format(time.DateOnly), fast, slow)
				bad++
			}
			if fast, slow := p.DateTime(d), p.slowDateTime(d); fast != slow {
				t.Errorf("%s: DateTime(%s) = %q, x/text writes %q", l.Code, d.Format(time.RFC3339), fast, slow)
				bad++
			}
			if bad > 5 {
				t.Fatalf("%s: more than five dates differ", l.Code)
			}
		}
		for n := 0; n <= 20000; n += 7 {
			if fast, slow := p.digits(n), p.slowDigits(n); fast != slow {
				t.Fatalf("%s: digits(%d) = %q, x/text writes %q", l.Code, n, fast, slow)
			}
		}
		// plans.tl.bar has a %d in every language; layout.unread plural
		// forms in most (in Arabic, Spanish and Chinese one text, which a
		// pattern may be).
		for _, key := range []string{"plans.tl.bar", "layout.unread"} {
			e, ok := c.entries[l.Code][key]
			if !ok {
				t.Fatalf("control: the catalogue has no %q", key)
			}
			if cut := p.compilePattern(key, 3) != nil; cut && (e.plural != nil || strings.Contains(e.text, "%[2]d")) {
				t.Errorf("%s: %q (plural forms or %%d) was cut as a pattern of %%[n]s", l.Code, key)
			}
		}
	}
	// The table of digits where they are not 0 … 9: Arabic with CLDR's
	// default numbering system (٠ … ٩), which a reviewer may choose.
	arab := message.NewPrinter(language.Arabic)
	slow := func(n int) string { return arab.Sprint(number.Decimal(n, number.NoSeparator())) }
	d := &dates{}
	for i := range d.digits {
		d.digits[i] = slow(i)
	}
	if d.digits[2] == "2" {
		t.Fatal("control: x/text writes Arabic-Indic digits as 0 … 9")
	}
	for n := 0; n <= 20000; n += 7 {
		if fast, slow := d.fastDigits(n), slow(n); fast != slow {
			t.Fatalf("Arabic-Indic digits(%d) = %q, x/text writes %q", n, fast, slow)
		}
	}
}

// BenchmarkDate: a written date and a date with its time, in English and
// Arabic, from the printer's tables (fast) against the x/text passes
// (slow) in one run — the fix of dates.go, measured:
//
//	go test -run '^$' -bench BenchmarkDate -count=3 -cpu 1 ./internal/i18n/
func BenchmarkDate(b *testing.B) {
	c := MustDefault()
	day := time.Date(2026, 3, 2, 14, 5, 0, 0, time.UTC)
	for _, lang := range []string{English, "ar"} {
		p := c.Printer(lang)
		for _, bc := range []struct {
			name string
			fn   func(time.Time) string
		}{{"Date/fast", p.Date}, {"Date/slow", p.slowDate}, {"DateTime/fast", p.DateTime}, {"DateTime/slow", p.slowDateTime}} {
			b.Run(bc.name+"/lang="+lang, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_ = bc.fn(day)
				}
			})
		}
	}
}
