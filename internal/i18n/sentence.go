package i18n

import (
	"html"
	"strconv"
	"strings"

	"napx/internal/model"
)

// Names writes a State's, organisation's or group's name in a language
// (refdata.Catalog has both): the printer of a sentence asks it for the
// names its arguments carry by code.
type Names interface {
	OrgNameIn(code, lang string) string
	GroupNameIn(code, lang string) string
}

// Say writes s in the printer's language as text (a page's title, the
// API's title): numbers in the language's digits (the first chooses the
// plural form), days in its long form, States and organisations by their
// names in it, phrases of the catalogue in it, user text as it is.
func (p *Printer) Say(s model.Sentence, names Names) string { return p.say(s, names, false) }

// SayHTML writes s as HTML for a page: the message escaped, user text and
// groups' names (often English data) isolated in <bdi> (a title in Latin
// letters inside Arabic keeps its direction), everything else escaped.
func (p *Printer) SayHTML(s model.Sentence, names Names) string { return p.say(s, names, true) }

func (p *Printer) say(s model.Sentence, names Names, asHTML bool) string {
	if s.Key == "" {
		return ""
	}
	args := make([]any, len(s.Args))
	marks := make([]string, len(s.Args))
	for i, a := range s.Args {
		var v string
		isolate := false
		switch a.Kind {
		case model.ArgNumber:
			args[i] = a.N
			continue
		case model.ArgText:
			v, isolate = a.Text, true
		case model.ArgOrg:
			v = names.OrgNameIn(a.Text, p.lang.Code) // in the reader's language already
		case model.ArgGroup:
			v, isolate = names.GroupNameIn(a.Text, p.lang.Code), true
		case model.ArgDate:
			v = p.Date(a.Day.Time())
		case model.ArgSentence:
			sub := ""
			if a.Sub != nil {
				sub = p.say(*a.Sub, names, asHTML) // already escaped for HTML
			}
			args[i] = sub
			if asHTML {
				marks[i], args[i] = sub, mark(i)
			}
			continue
		}
		if !asHTML {
			args[i] = v
			continue
		}
		v = html.EscapeString(v)
		if isolate {
			v = "<bdi>" + v + "</bdi>"
		}
		marks[i], args[i] = v, mark(i)
	}
	out := p.T(s.Key, args...)
	if !asHTML {
		return out
	}
	out = html.EscapeString(out)
	for i, m := range marks {
		if s.Args[i].Kind != model.ArgNumber {
			out = strings.Replace(out, mark(i), m, 1)
		}
	}
	return out
}

// mark stands for argument i while a message is escaped.
func mark(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }
