package service

import (
	"sync"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
)

// Sentences the services write for people are messages (model.Message: a
// key of the catalogue and its arguments, issue 17): a page writes them
// in its reader's language, while the API, the audit and the logs keep
// the English, written from the same message so the two cannot drift.

var englishPrinter = sync.OnceValue(func() *i18n.Printer { return i18n.MustDefault().Printer(i18n.English) })

// RefNames names States, organisations and groups in a message (i18n.Names):
// the reference data is compiled in, loaded once (refdata.Shared); nil if
// it does not load, which the start of the server has refused already. The
// services write a conflict's English and a workbook with it, the pages
// every message they show.
func RefNames() i18n.Names {
	if c, err := refdata.Shared(); err == nil {
		return c
	}
	return nil
}

// english is m in English.
func english(m model.Message) string { return englishPrinter().Say(m, RefNames()) }

// conflict is a ConflictError whose message is the catalogue's key with
// args (Message its English).
func conflict(current any, key string, args ...model.MsgArg) *model.ConflictError {
	m := model.Msg(key, args...)
	return &model.ConflictError{Message: english(m), Msg: m, Current: current}
}
