package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"napx/internal/model"
)

// The services' 422 messages (issue 17). Model and service code say what is
// wrong with a field in English, with model.Problems.Add(field, format,
// args...) or a literal sentence; about 300 sentences at 200 call sites,
// kept as they are. Their English format is the message's key in the
// catalogue part "problems" (x/text's own convention: the source text is
// the key), and a front end shows a message in the reader's language by
// finding the format the English was written with and writing the same
// arguments into the translation (Printer.Problem). The arguments are
// read back from the English: %d a whole number (so plural forms and the
// language's digits work), %q a quoted text, %s a text — which, when it
// is itself one of the part's sentences ("is longer than 200 characters"),
// an English date ("2 January 2026") or a grouped number ("1,000"), is
// written in the reader's language too. A sentence no format matches is
// shown as it is, in English (TestEveryProblemInTheCatalogue keeps that
// from happening for every literal format of model and service).

// ProblemsPart is the name of the catalogue part whose keys are the
// services' English formats.
const ProblemsPart = "problems"

// problemFormat is one English format, compiled to read its arguments
// back from a message written with it.
type problemFormat struct {
	key     string
	re      *regexp.Regexp
	verbs   []byte // per capture group: 'd', 'q' or 's'
	literal int    // characters of fixed text: the more, the surer the match
}

var problemVerb = regexp.MustCompile(`%[dqsv]`)

// compileProblem is format as an anchored expression, or nil for a format
// that has no placeholder or one napx cannot read back.
func compileProblem(format string) *problemFormat {
	locs := problemVerb.FindAllStringIndex(format, -1)
	if len(locs) == 0 || strings.Contains(strings.ReplaceAll(format, "%%", ""), "%[") {
		return nil
	}
	var b strings.Builder
	f := &problemFormat{key: format}
	b.WriteString(`^`)
	last := 0
	for _, l := range locs {
		lit := strings.ReplaceAll(format[last:l[0]], "%%", "%")
		f.literal += len(lit)
		b.WriteString(regexp.QuoteMeta(lit))
		switch v := format[l[1]-1]; v {
		case 'd':
			b.WriteString(`(-?[0-9]+)`)
			f.verbs = append(f.verbs, 'd')
		case 'q':
			b.WriteString(`("(?:[^"\\]|\\.)*")`)
			f.verbs = append(f.verbs, 'q')
		default:
			b.WriteString(`(.+?)`)
			f.verbs = append(f.verbs, 's')
		}
		last = l[1]
	}
	lit := strings.ReplaceAll(format[last:], "%%", "%")
	f.literal += len(lit)
	b.WriteString(regexp.QuoteMeta(lit))
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	if err != nil || f.literal == 0 {
		return nil
	}
	f.re = re
	return f
}

// loadProblems reads the keys of the English problems part and compiles
// the formats, most fixed text first.
func (c *Catalog) loadProblems(fsys fs.FS) error {
	b, err := fs.ReadFile(fsys, English+"/"+ProblemsPart+".json")
	if err != nil {
		return nil // no part: every message stays English
	}
	var p Part
	if err := json.Unmarshal(b, &p); err != nil {
		return fmt.Errorf("%s/%s.json: %w", English, ProblemsPart, err)
	}
	c.problemKeys = make(map[string]bool, len(p.Messages))
	for key := range p.Messages {
		c.problemKeys[key] = true
		if f := compileProblem(key); f != nil {
			c.problemFormats = append(c.problemFormats, f)
		}
	}
	sort.Slice(c.problemFormats, func(i, j int) bool {
		a, b := c.problemFormats[i], c.problemFormats[j]
		if a.literal != b.literal {
			return a.literal > b.literal
		}
		return a.key < b.key
	})
	return nil
}

// HasProblem reports whether format is a key of the problems part.
func (c *Catalog) HasProblem(format string) bool { return c.problemKeys[format] }

// Problem is the English message msg (a service's 422 sentence) in the
// printer's language; msg itself when the catalogue has no format for it.
func (p *Printer) Problem(msg string) string {
	if p.lang.Code == English || msg == "" {
		return msg
	}
	return p.problem(msg, 0)
}

func (p *Printer) problem(msg string, depth int) string {
	if p.cat.problemKeys[msg] && !strings.Contains(msg, "%") {
		return p.T(msg)
	}
	if depth > 2 {
		return msg
	}
	for _, f := range p.cat.problemFormats {
		m := f.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		args := make([]any, len(f.verbs))
		ok := true
		for i, v := range f.verbs {
			s := m[i+1]
			switch v {
			case 'd':
				n, err := strconv.Atoi(s)
				if err != nil {
					ok = false
				}
				args[i] = n
			case 'q':
				u, err := strconv.Unquote(s)
				if err != nil {
					ok = false
				}
				args[i] = u
			default:
				args[i] = p.problemArg(s, depth)
			}
		}
		if ok {
			return p.T(f.key, args...)
		}
	}
	return msg
}

var groupedNumber = regexp.MustCompile(`^[0-9]{1,3}(,[0-9]{3})*$`)

// problemArg is a text argument in the printer's language when it is one
// of the part's sentences, an English date or a number; else as it is
// (a code, a name, the reader's own text).
func (p *Printer) problemArg(s string, depth int) any {
	if groupedNumber.MatchString(s) {
		if n, err := strconv.Atoi(strings.ReplaceAll(s, ",", "")); err == nil {
			return p.Number(n)
		}
	}
	if t, err := time.Parse("2 January 2006", s); err == nil {
		return p.Date(t)
	}
	return p.problem(s, depth+1)
}

// Problems is ps with every message in the printer's language (a new map;
// ps itself when the language is English or there is nothing to say).
func (p *Printer) Problems(ps model.Problems) model.Problems {
	if p.lang.Code == English || len(ps) == 0 {
		return ps
	}
	out := make(model.Problems, len(ps))
	for k, v := range ps {
		out[k] = p.Problem(v)
	}
	return out
}
