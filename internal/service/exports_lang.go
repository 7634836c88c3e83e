package service

import (
	"context"

	"napx/internal/i18n"
)

// Files for people and files for machines (issue 17). A file a person
// opens — a participant list, a figures report — has its column headers
// and sheet names in the language of the request that asked for it
// (exportPrinter), from the catalogue part "exports". A file a program
// reads or that napx reads back keeps stable English headers whatever the
// reader's language: the open data, the API's whole-data export, and the
// plan and matrix workbooks (they are import templates: their headers are
// what the import recognises). docs/ARCHITECTURE.md lists which is which.

// exportPrinter writes a people's file in the request's language (the
// language the front end put in ctx; English without one).
func exportPrinter(ctx context.Context) *i18n.Printer {
	return i18n.MustDefault().Printer(i18n.FromContext(ctx))
}

// headerIn is the header row of keys in pr's language.
func headerIn(pr *i18n.Printer, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = pr.T(k)
	}
	return out
}

// participantCols are the participant list's columns (participantHeader in English).
var participantCols = []string{"exports.col.delegation", "exports.col.today", "exports.col.code", "exports.col.name", "exports.col.function",
	"exports.col.status", "exports.col.seat", "exports.col.waiting", "exports.col.nominated", "exports.col.illustrative"}

// quotaCols are the quota sheet's columns.
var quotaCols = []string{"exports.col.delegation", "exports.col.today", "exports.col.code", "exports.col.seats", "exports.col.viagroup",
	"exports.col.holding", "exports.col.waitingn", "exports.col.confirmed"}
