package store

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"napx/internal/model"
	"napx/internal/refdata"
)

// The assistance records in the one search (issues 11 and 12). A request
// is indexed by what everyone who reads it at all reads (its public
// summary: the title, the areas of its needs and the summary text), never
// by its template's details, which only the insiders and the providers
// read (policy.RequestDetails): a word of a description finds nothing. A
// programme is indexed by its directory entry (title, areas, description,
// eligibility), without its contact. Both are written by the store's own
// write methods in the record's transaction and rebuilt by Reindex.

var assistanceAreas = sync.OnceValue(refdata.MustLoadAssistance)

// areaLabels are the names of the assistance areas ids.
func areaLabels(ids []string) string {
	a := assistanceAreas()
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, a.AreaLabel(id))
	}
	return strings.Join(out, ", ")
}

// requestDoc is a request's public summary under the request's level.
func requestDoc(r model.AssistanceRequest, state string) SearchDoc {
	year := r.CreatedAt.Year()
	if !r.SubmittedAt.IsZero() {
		year = r.SubmittedAt.Year()
	}
	return SearchDoc{Kind: model.SearchRequest, RecordID: r.ID, Owner: r.Owner, Visibility: r.Visibility, ShareKind: AssistanceKind, ShareID: r.ID,
		State: state, Year: year, Title: r.Title, Body: strings.Join(nonEmpty([]string{areaLabels(r.Areas()), r.Summary}), "\n"),
		URL: fmt.Sprintf("/assistance/requests/%d", r.ID)}
}

// programmeDoc is a programme's directory entry under its level.
func programmeDoc(g model.Programme, state string) SearchDoc {
	year := g.CreatedAt.Year()
	if !g.Start.IsZero() {
		year = g.Start.Year()
	}
	return SearchDoc{Kind: model.SearchProgramme, RecordID: g.ID, Owner: g.Provider, Visibility: g.Visibility, ShareKind: ProgrammeKind, ShareID: g.ID,
		State: state, Year: year, Title: g.Title, Body: strings.Join(nonEmpty([]string{areaLabels(g.Areas), g.Description, g.Eligibility}), "\n"),
		URL: fmt.Sprintf("/assistance/programmes/%d", g.ID)}
}

// indexRequest indexes a request as saved.
func (tx *Tx) indexRequest(ctx context.Context, r model.AssistanceRequest) error {
	state, err := tx.stateOf(ctx, r.Owner)
	if err != nil {
		return err
	}
	return tx.IndexDoc(ctx, requestDoc(r, state))
}

// indexProgramme indexes a programme as saved.
func (tx *Tx) indexProgramme(ctx context.Context, g model.Programme) error {
	state, err := tx.stateOf(ctx, g.Provider)
	if err != nil {
		return err
	}
	return tx.IndexDoc(ctx, programmeDoc(g, state))
}
