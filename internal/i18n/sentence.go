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

// Say writes m in the printer's language as text (a page's title, the
// API's title, a notice, an e-mail): numbers in the language's digits (the
// first chooses the plural form), days in its long form, States,
// organisations, groups and languages by their names in it, phrases of the
// catalogue in it, user text as it is. names may be nil: codes are then
// written as they are.
func (p *Printer) Say(m model.Message, names Names) string { return p.say(m, names, false) }

// SayHTML writes m as HTML for a page: the message escaped, user text and
// groups' names (often English data) isolated in <bdi> (a title in Latin
// letters inside Arabic keeps its direction), everything else escaped.
func (p *Printer) SayHTML(m model.Message, names Names) string { return p.say(m, names, true) }

func (p *Printer) say(m model.Message, names Names, asHTML bool) string {
	if m.Key == "" {
		return ""
	}
	args := make([]any, len(m.Args))
	marks := make([]string, len(m.Args))
	for i, a := range m.Args {
		var v string
		isolate := false
		switch {
		case a.Number != nil:
			args[i] = *a.Number
			continue
		case a.Message != nil:
			sub := p.say(*a.Message, names, asHTML) // already escaped for HTML
			args[i] = sub
			if asHTML {
				marks[i], args[i] = sub, mark(i)
			}
			continue
		case a.Date != "":
			v = a.Date
			if d, err := model.ParseDate(a.Date); err == nil {
				v = p.Date(d.Time())
			}
		case a.Org != "":
			v = a.Org
			if names != nil {
				v = names.OrgNameIn(a.Org, p.lang.Code) // in the reader's language already
			}
		case a.Group != "":
			v, isolate = a.Group, true
			if names != nil {
				v = names.GroupNameIn(a.Group, p.lang.Code)
			}
		case a.Lang != "":
			v = p.T("history.lang." + a.Lang)
		case a.Key != "":
			v = p.T(a.Key)
		case len(a.Keys) > 0:
			words := make([]string, len(a.Keys))
			for j, k := range a.Keys {
				words[j] = p.T(k)
			}
			v = strings.Join(words, p.T("svcassist.sep"))
		default:
			v, isolate = a.Text, true
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
	out := p.T(m.Key, args...)
	if !asHTML {
		return out
	}
	out = html.EscapeString(out)
	for i, mk := range marks {
		if m.Args[i].Number == nil {
			out = strings.ReplaceAll(out, mark(i), mk) // an argument may stand twice (%[1]s … %[1]s)
		}
	}
	return out
}

// mark stands for argument i while a message is escaped.
func mark(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }
