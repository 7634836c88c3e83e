package i18n

import (
	"regexp"
	"strconv"
	"strings"
)

// Written dates, fast (issue 17's figure: a page in Arabic within 10 % of
// English). English pages write their dates with Go's time.Format; the
// other five languages through Printer.Date, which built each date with
// three passes through x/text's message printer (the day's and the year's
// digits, then the pattern) — about 30 allocations a date, and a page of
// a plan or a matrix writes hundreds. What those passes compute depends
// on the language only, so Load computes it once per printer: the ten
// digits, the twelve month names and the patterns date.long and date.time
// cut at their placeholders. A date is then a few concatenations, byte
// for byte what the x/text passes write (TestFastDatesAreTheSlowOnes
// compares them on every day of a century in the six languages).

// pattern is a catalogue message whose placeholders are all %[n]s, cut at
// them: lits[0] arg[0] lits[1] arg[1] … lits[len(args)].
type pattern struct {
	lits []string
	args []int // 0-based argument numbers
}

// plainPlaceholder is the only placeholder a pattern may have (and %%).
var plainPlaceholder = regexp.MustCompile(`%\[[1-9]\]s|%%`)

// compilePattern cuts key's message at its placeholders, writing it once
// through x/text with a marker for each argument (so literal text, %% and
// the catalogue's fallback are x/text's own). It returns nil — Printer
// then keeps x/text's path — for a message with plural forms or any
// placeholder other than %[n]s, or one whose markers do not come back.
func (p *Printer) compilePattern(key string, nargs int) *pattern {
	e, ok := p.cat.entries[p.lang.Code][key]
	if !ok || e.plural != nil || strings.Contains(plainPlaceholder.ReplaceAllString(e.text, ""), "%") || strings.Contains(e.text, "\x00") {
		return nil
	}
	marks := make([]any, nargs)
	for i := range marks {
		marks[i] = mark(i)
	}
	parts := strings.Split(p.p.Sprintf(key, marks...), "\x00")
	if len(parts)%2 != 1 {
		return nil
	}
	pt := &pattern{}
	for i, s := range parts {
		if i%2 == 0 {
			pt.lits = append(pt.lits, s)
			continue
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n >= nargs {
			return nil
		}
		pt.args = append(pt.args, n)
	}
	return pt
}

// format writes the pattern with args.
func (pt *pattern) format(args ...string) string {
	n := 0
	for _, s := range pt.lits {
		n += len(s)
	}
	for _, a := range pt.args {
		n += len(args[a])
	}
	var b strings.Builder
	b.Grow(n)
	for i, s := range pt.lits {
		b.WriteString(s)
		if i < len(pt.args) {
			b.WriteString(args[pt.args[i]])
		}
	}
	return b.String()
}

// dates is what a printer's dates need, computed once by prepareDates.
type dates struct {
	long, time *pattern   // date.long (day, month, year), date.time (date, hh:mm)
	months     [13]string // date.month.1 … date.month.12
	digits     [10]string // 0 … 9 in the language's digits
	ascii      bool       // the digits are 0 … 9 themselves
}

// prepareDates fills p.dates; a pattern it cannot cut stays nil, and Date
// or DateTime then take x/text's path.
func (p *Printer) prepareDates() {
	d := &dates{long: p.compilePattern("date.long", 3), time: p.compilePattern("date.time", 2), ascii: true}
	for m := 1; m <= 12; m++ {
		d.months[m] = p.T("date.month." + strconv.Itoa(m))
	}
	for i := range d.digits {
		d.digits[i] = p.slowDigits(i)
		if d.digits[i] != strconv.Itoa(i) {
			d.ascii = false
		}
	}
	p.dates = d
}

// fastDigits is slowDigits(n) from the table of digits.
func (d *dates) fastDigits(n int) string {
	s := strconv.Itoa(n)
	if d.ascii {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteString(d.digits[s[i]-'0'])
	}
	return b.String()
}
