package store

import (
	"context"
	"fmt"
	"strings"

	"napx/internal/model"
	"napx/internal/refdata"
)

// What each kind of record puts into the search index, and the hooks the
// store's write methods call in the record's own transaction. Reindex
// rebuilds the whole index from the records.

// stateDoc is a State: every name it has had, public — today's short
// name in each of the six languages and its former names in those we have
// (issue 17, item 3) included.
func stateDoc(s *refdata.State) SearchDoc {
	names := []string{s.FormalName}
	names = append(names, s.CommonNames...)
	for _, f := range s.FormerNames {
		names = append(names, f.Name)
	}
	for _, l := range model.Languages {
		names = append(names, s.Names[l])
		for _, f := range s.FormerNames {
			names = append(names, f.Names[l])
		}
	}
	names = uniqueNames(names)
	return SearchDoc{Kind: model.SearchState, RecordKey: s.Code, Owner: s.Code, Visibility: model.VisPublic, ShareKind: "state",
		State: s.Code, Title: s.Name, Body: s.Code + " · " + strings.Join(names, " · "), URL: "/states/" + s.Code}
}

// uniqueNames are names without the empty ones and repeats, in their
// order.
func uniqueNames(names []string) []string {
	seen := map[string]bool{"": true}
	out := names[:0:0]
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

func napDoc(n model.NAP) SearchDoc {
	var secs []string
	for _, s := range model.NAPSections {
		if t := n.Sections[s.Code]; t != "" {
			secs = append(secs, t)
		}
	}
	return SearchDoc{Kind: model.SearchNAP, RecordID: n.ID, Owner: n.State, Visibility: n.Visibility, ShareKind: napKind, ShareID: n.ID,
		State: n.State, Year: n.PeriodStart, Title: n.Title, Body: strings.Join(secs, "\n"), URL: fmt.Sprintf("/naps/%d", n.ID)}
}

// indexNAP indexes a plan and gives its actions its level.
func (tx *Tx) indexNAP(ctx context.Context, n model.NAP) error {
	if err := tx.IndexDoc(ctx, napDoc(n)); err != nil {
		return err
	}
	return tx.SetSearchLevel(ctx, napKind, n.ID, n.State, n.Visibility)
}

func actionDoc(a model.NAPAction, owner string, vis model.Visibility) SearchDoc {
	body := []string{a.Description, a.Lead, strings.Join(a.Supporting, ", "), a.IndicatorTarget, a.AssistanceWhat, strings.Join(a.Elements, " ")}
	return SearchDoc{Kind: model.SearchAction, RecordID: a.ID, Owner: owner, Visibility: vis, ShareKind: napKind, ShareID: a.NAPID,
		State: owner, Year: a.Due.Year(), Title: a.Title, Body: strings.TrimSpace(strings.Join(nonEmpty(body), "\n")),
		URL: fmt.Sprintf("/naps/%d/actions/%d", a.NAPID, a.ID)}
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// indexAction indexes an action under its plan's owner and level.
func (tx *Tx) indexAction(ctx context.Context, a model.NAPAction) error {
	var owner, vis string
	if err := tx.queryRow(ctx, `SELECT owner_org, visibility FROM naps WHERE id = $1`, a.NAPID).Scan(&owner, &vis); err != nil {
		return fmt.Errorf("store: index action: %w", translate(err))
	}
	if a.Due.IsZero() {
		a.Due = a.Start
	}
	return tx.IndexDoc(ctx, actionDoc(a, owner, model.Visibility(vis)))
}

func eventDoc(e model.Event, state string) SearchDoc {
	body := append([]string{e.Code, e.Venue.Name, e.Background, e.Purpose}, e.Objectives...)
	return SearchDoc{Kind: model.SearchEvent, RecordID: e.ID, Owner: e.Organizer, Visibility: e.Visibility, ShareKind: eventShareKind, ShareID: e.ID,
		State: state, Year: e.Start.Year(), Title: e.Title, Body: strings.Join(nonEmpty(body), "\n"), URL: fmt.Sprintf("/events/%d", e.ID)}
}

// materialDoc is a material's title, found by whoever may read it as a
// search can tell: materials for confirmed participants are not indexed
// (who is confirmed is each event's own), those for signed-in accounts
// are read at most at the "participants" level, and none is found before
// its release.
func materialDoc(m model.Material, e model.Event, state string) (SearchDoc, bool) {
	vis := e.Visibility
	switch m.Audience {
	case model.AudiencePublic:
	case model.AudienceSignedIn:
		if vis == model.VisPublic {
			vis = model.VisParticipants
		}
	default:
		return SearchDoc{}, false
	}
	return SearchDoc{Kind: model.SearchMaterial, RecordID: m.ID, Owner: e.Organizer, Visibility: vis, ShareKind: eventShareKind, ShareID: e.ID,
		State: state, Year: e.Start.Year(), Title: m.Title, Body: e.Title, URL: fmt.Sprintf("/events/%d#materials", e.ID), ReleaseAt: m.ReleaseAt}, true
}

// stateOf returns code when it names a State, else "".
func (c *Conn) stateOf(ctx context.Context, code string) (string, error) {
	var kind string
	err := c.queryRow(ctx, `SELECT kind FROM organizations WHERE code = $1`, code).Scan(&kind)
	if err != nil {
		if isNoRows(err) {
			return "", nil
		}
		return "", fmt.Errorf("store: organisation %s: %w", code, translate(err))
	}
	if kind == string(model.OrgState) {
		return code, nil
	}
	return "", nil
}

// indexEvent indexes an event and its materials.
func (tx *Tx) indexEvent(ctx context.Context, e model.Event) error {
	state, err := tx.stateOf(ctx, e.Organizer)
	if err != nil {
		return err
	}
	if err := tx.IndexDoc(ctx, eventDoc(e, state)); err != nil {
		return err
	}
	ms, err := tx.Materials(ctx, e.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if err := tx.indexMaterial(ctx, m, e, state); err != nil {
			return err
		}
	}
	return nil
}

func (tx *Tx) indexMaterial(ctx context.Context, m model.Material, e model.Event, state string) error {
	d, ok := materialDoc(m, e, state)
	if !ok {
		return tx.Unindex(ctx, model.SearchMaterial, m.ID, "")
	}
	return tx.IndexDoc(ctx, d)
}

// cellDoc is a matrix cell's legal reference and remarks (only a cell
// that has either), under its edition's level.
func cellDoc(e model.MatrixEdition, c model.MatrixCell, tax *refdata.Taxonomy) (SearchDoc, bool) {
	if strings.TrimSpace(c.Reference) == "" && strings.TrimSpace(c.Remarks) == "" {
		return SearchDoc{}, false
	}
	title := "Matrix " + c.FieldID
	if f, ok := tax.Field(c.FieldID); ok && f.Label != "" {
		title += ": " + f.Label
	}
	year := e.CreatedAt.Year()
	if !e.ApprovedAt.IsZero() {
		year = e.ApprovedAt.Year()
	}
	return SearchDoc{Kind: model.SearchMatrix, RecordID: e.ID, RecordKey: c.FieldID, Owner: e.State, Visibility: e.Visibility(), ShareKind: matrixKind,
		ShareID: e.ID, State: e.State, Year: year, Title: title, Body: strings.Join(nonEmpty([]string{c.Reference, c.Remarks}), "\n"),
		URL: fmt.Sprintf("/states/%s/matrix/cells/%s", e.State, c.FieldID)}, true
}

// indexCell indexes one cell of an edition (a superseded edition's cells
// are not searched: its successor holds them).
func (tx *Tx) indexCell(ctx context.Context, editionID int64, c model.MatrixCell) error {
	e, ok := tx.tx.editions[editionID]
	if !ok {
		var err error
		if e, err = tx.editionByID(ctx, editionID); err != nil {
			return err
		}
		if tx.tx.editions == nil {
			tx.tx.editions = map[int64]model.MatrixEdition{}
		}
		tx.tx.editions[editionID] = e
	}
	d, ok := cellDoc(e, c, searchTaxonomy())
	if !ok || e.Status == model.EditionSuperseded {
		return tx.Unindex(ctx, model.SearchMatrix, editionID, c.FieldID)
	}
	return tx.IndexDoc(ctx, d)
}

// indexEdition indexes every cell of an edition, or removes them once it
// is superseded.
func (tx *Tx) indexEdition(ctx context.Context, e model.MatrixEdition) error {
	if err := tx.UnindexShared(ctx, matrixKind, e.ID); err != nil {
		return err
	}
	if e.Status == model.EditionSuperseded {
		return nil
	}
	cells, err := tx.MatrixCells(ctx, e.ID)
	if err != nil {
		return err
	}
	tax := searchTaxonomy()
	for _, c := range cells {
		if d, ok := cellDoc(e, c, tax); ok {
			if err := tx.IndexDoc(ctx, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// copyEditionIndex gives a new edition the index rows of the edition its
// cells were copied from (the words are the same; the edition, its level
// and its year are the new one's), in three statements rather than one
// analysis per cell.
func (tx *Tx) copyEditionIndex(ctx context.Context, from int64, e model.MatrixEdition) error {
	if err := tx.UnindexShared(ctx, matrixKind, e.ID); err != nil {
		return err
	}
	year := e.CreatedAt.Year()
	if !e.ApprovedAt.IsZero() {
		year = e.ApprovedAt.Year()
	}
	if _, err := tx.exec(ctx, `INSERT INTO search_index (kind, record_id, record_key, owner_org, visibility, share_kind, share_id, state, year,
		release_at, updated_at, url, title, title_terms, terms, body)
		SELECT kind, $2, record_key, $3, $4, share_kind, $2, state, $5, release_at, $6, url, title, title_terms, terms, body
		FROM search_index WHERE share_kind = $7 AND share_id = $1`,
		from, e.ID, e.State, string(e.Visibility()), year, tx.Now(), matrixKind); err != nil {
		return fmt.Errorf("store: index edition %d: %w", e.ID, err)
	}
	if tx.dialect == SQLite {
		if _, err := tx.exec(ctx, `INSERT INTO search_fts (rowid, title_terms, terms) SELECT id, title_terms, terms FROM search_index WHERE share_kind = $1 AND share_id = $2`,
			matrixKind, e.ID); err != nil {
			return fmt.Errorf("store: index edition %d: %w", e.ID, err)
		}
	}
	return nil
}

func (c *Conn) editionByID(ctx context.Context, id int64) (model.MatrixEdition, error) {
	e, err := scanEdition(c.queryRow(ctx, `SELECT `+editionColumns+` FROM matrix_editions e WHERE e.id = $1`, id))
	if err != nil {
		return e, fmt.Errorf("store: edition %d: %w", id, err)
	}
	return e, nil
}

func searchTaxonomy() *refdata.Taxonomy {
	t, err := refdata.LoadTaxonomy()
	if err != nil {
		panic(err) // compiled into the binary and checked by its tests
	}
	return t
}

// ReindexProgress is told how far a rebuild has come.
type ReindexProgress func(kind model.SearchKind, done, total int)

// Reindex rebuilds the whole search index from the records, in tx: the
// States of cat, then every plan, action, matrix edition, event (with its
// materials) and practice, telling progress as it goes. It returns how
// many rows the index holds.
func (tx *Tx) Reindex(ctx context.Context, cat *refdata.Catalog, progress ReindexProgress) (int, error) {
	if progress == nil {
		progress = func(model.SearchKind, int, int) {}
	}
	if tx.dialect == SQLite {
		if _, err := tx.exec(ctx, `DELETE FROM search_fts`); err != nil {
			return 0, fmt.Errorf("store: reindex: %w", err)
		}
	}
	if _, err := tx.exec(ctx, `DELETE FROM search_index`); err != nil {
		return 0, fmt.Errorf("store: reindex: %w", err)
	}
	for i := range cat.States {
		if err := tx.IndexDoc(ctx, stateDoc(&cat.States[i])); err != nil {
			return 0, err
		}
		progress(model.SearchState, i+1, len(cat.States))
	}
	steps := []struct {
		kind model.SearchKind
		ids  string
		one  func(id int64) error
	}{
		{model.SearchNAP, `SELECT id FROM naps ORDER BY id`, func(id int64) error {
			n, err := tx.NAP(ctx, id)
			if err != nil {
				return err
			}
			return tx.IndexDoc(ctx, napDoc(n))
		}},
		{model.SearchAction, `SELECT id FROM nap_actions ORDER BY id`, func(id int64) error {
			a, err := tx.NAPAction(ctx, id)
			if err != nil {
				return err
			}
			return tx.indexAction(ctx, a)
		}},
		{model.SearchMatrix, `SELECT id FROM matrix_editions ORDER BY id`, func(id int64) error {
			e, err := tx.editionByID(ctx, id)
			if err != nil {
				return err
			}
			return tx.indexEdition(ctx, e)
		}},
		{model.SearchEvent, `SELECT id FROM events ORDER BY id`, func(id int64) error {
			e, err := tx.Event(ctx, id)
			if err != nil {
				return err
			}
			return tx.indexEvent(ctx, e)
		}},
		{model.SearchPractice, `SELECT id FROM practices ORDER BY id`, func(id int64) error {
			return tx.indexPractice(ctx, id)
		}},
		{model.SearchRequest, `SELECT id FROM assistance_requests ORDER BY id`, func(id int64) error {
			r, err := tx.AssistanceRequest(ctx, id)
			if err != nil {
				return err
			}
			return tx.indexRequest(ctx, r)
		}},
		{model.SearchProgramme, `SELECT id FROM assistance_programmes ORDER BY id`, func(id int64) error {
			g, err := tx.Programme(ctx, id)
			if err != nil {
				return err
			}
			return tx.indexProgramme(ctx, g)
		}},
	}
	for _, s := range steps {
		ids, err := queryAll(ctx, &tx.Conn, func(r scanner) (int64, error) {
			var id int64
			err := r.Scan(&id)
			return id, err
		}, s.ids)
		if err != nil {
			return 0, fmt.Errorf("store: reindex %s: %w", s.kind, err)
		}
		for i, id := range ids {
			if err := s.one(id); err != nil {
				return 0, fmt.Errorf("store: reindex %s %d: %w", s.kind, id, err)
			}
			progress(s.kind, i+1, len(ids))
		}
	}
	for _, hook := range reindexHooks() {
		if err := hook(ctx, tx); err != nil {
			return 0, err
		}
	}
	return tx.SearchIndexSize(ctx)
}

var extraReindex []func(ctx context.Context, tx *Tx) error

// RegisterReindex adds a feature's own records to Reindex (at start): fn
// calls IndexDoc for each of them.
func RegisterReindex(fn func(ctx context.Context, tx *Tx) error) {
	shareKinds.Lock()
	defer shareKinds.Unlock()
	extraReindex = append(extraReindex, fn)
}

func reindexHooks() []func(ctx context.Context, tx *Tx) error {
	shareKinds.Lock()
	defer shareKinds.Unlock()
	return append([]func(ctx context.Context, tx *Tx) error(nil), extraReindex...)
}

// SyncSearchStates writes the States of cat into the index (at start,
// with the reference data: a State renamed in a new napx is found under
// its new name at once).
func (tx *Tx) SyncSearchStates(ctx context.Context, cat *refdata.Catalog) error {
	for i := range cat.States {
		if err := tx.IndexDoc(ctx, stateDoc(&cat.States[i])); err != nil {
			return err
		}
	}
	return nil
}
