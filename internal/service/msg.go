package service

import (
	"sync"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
)

// Sentences the services write for people are messages (model.Msg: a
// key of the catalogue and its arguments, issue 17): a page writes them
// in its reader's language, while the API, the audit and the logs keep
// the English, written from the same message so the two cannot drift.

var englishPrinter = sync.OnceValue(func() *i18n.Printer { return i18n.MustDefault().Printer(i18n.English) })

// english is m in English.
func english(m model.Msg) string { return englishPrinter().Msg(m) }

// conflict is a ConflictError whose message is the catalogue's key with
// args (Message its English).
func conflict(current any, key string, args ...any) *model.ConflictError {
	m := model.M(key, args...)
	return &model.ConflictError{Message: english(m), Msg: m, Current: current}
}

// namesOf is the name of a State or organisation in the six languages,
// for a message's argument.
func namesOf(cat *refdata.Catalog, code string) model.Names {
	out := model.Names{}
	for _, l := range model.Languages {
		out[l] = cat.OrgNameIn(code, l)
	}
	return out
}
