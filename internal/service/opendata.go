package service

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/store"
)

// OpenData is everything public as bulk files (issue 20, item 3): a CSV
// and a JSON file per kind with the columns of the data dictionary,
// generated from the records an anonymous reader may read (the one
// policy's read filter for a reader who is not signed in), kept in the
// database — all files of one generation written in one transaction —
// refreshed daily by the job engine and again when a reader asks for
// files older than the data; and a feed of the public records changed
// since a day.
type OpenData struct {
	cat     *refdata.Catalog
	db      *store.DB
	audit   *Audit
	now     func() time.Time
	baseURL string
}

// Licence is the licence of napx's compilation, and what it does not
// cover.
const (
	LicenceName = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
	LicenceURL  = "https://creativecommons.org/licenses/by/4.0/"
	LicenceText = "The compilation — the selection and arrangement of these records and the identifiers napx gives them — is published under " +
		LicenceName + ". Documents of States and organisations that a record names or links to (national reports, plans, notes verbales, " +
		"materials) keep their own terms: the licence does not extend to them. Attribute as “napx, 1540 records, retrieved on <date>”."
)

// OpenColumn is a column of the data dictionary.
type OpenColumn struct {
	Name        string `json:"name"`
	Type        string `json:"type"` // string, integer, boolean, date (YYYY-MM-DD or empty), date-time (RFC 3339), url
	Description string `json:"description"`
}

// OpenKind is one kind of public record with its columns.
type OpenKind struct {
	Name        string       `json:"name"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Key         string       `json:"key"` // the stable identifier
	Columns     []OpenColumn `json:"columns"`
}

func col(name, typ, desc string) OpenColumn { return OpenColumn{name, typ, desc} }

var urlCol = col("url", "url", "the record's page on napx: a stable identifier")

// wireOpenData makes the open-data service and registers its daily
// refresh with the job engine's scans (run at start too).
func (s *Services) wireOpenData(d Deps) {
	s.OpenData = &OpenData{cat: d.Catalog, db: d.DB, audit: s.Audit, now: d.Now, baseURL: strings.TrimRight(d.BaseURL, "/")}
	if s.Jobs != nil {
		s.Jobs.RegisterScan("open-data.refresh", func(ctx context.Context, _ model.Date) error { return s.OpenData.Refresh(ctx) })
	}
}

// OpenKinds is the data dictionary, in the order of the index.
var OpenKinds = []OpenKind{
	{Name: "states", Title: "States", Key: "code", Description: "UN Member and observer States, with the groups napx knows them in (reference data shipped with napx).",
		Columns: []OpenColumn{col("code", "string", "ISO 3166-1 alpha-3 code, the State's identifier everywhere in napx"), col("alpha2", "string", "ISO 3166-1 alpha-2 code"),
			col("name", "string", "UN short name today"), col("formal_name", "string", "UN formal name today"), col("status", "string", "member or observer"),
			col("un_member_since", "date", "admission to the United Nations (members)"), col("groups", "string", "codes of the groups of States it belongs to, separated by spaces"), urlCol}},
	{Name: "taxonomy", Title: "Matrix fields", Key: "field_id", Description: "The fields of the 1540 matrix as napx numbers them; a label not read in a public copy of the matrix is marked reconstructed.",
		Columns: []OpenColumn{col("field_id", "string", "the field's stable identifier, e.g. OP3c-NW-01.LF"), col("section", "string", "the matrix's section"),
			col("area", "string", "OP1, OP2, OP3a, OP3b, OP3c, OP3d"), col("weapon", "string", "NW, CW, BW, or - for OP 1"), col("column", "string", "LF (legal framework), EN (enforcement), YES (OP 1)"),
			col("label", "string", "the field's wording"), col("wording", "string", "verified (read in a public copy of the matrix) or reconstructed (napx's own, not the Committee's)")}},
	{Name: "plans", Title: "National implementation action plans", Key: "id", Description: "Published plans (1540 NAPs and related plans); the dates are the recorded ones (history with its sources), not the day they were typed in.",
		Columns: []OpenColumn{col("id", "integer", "napx's identifier of the plan"), col("state", "string", "the State (alpha-3)"), col("title", "string", ""),
			col("type", "string", "1540-nap, cbrn-nap, salw-action-plan or other"), col("status", "string", "published (only published plans are public)"),
			col("period_start", "integer", "first year"), col("period_end", "integer", "last year"), col("adopted_on", "date", "adoption, as the State states it"),
			col("first_submitted_on", "date", "the first submission to the Committee (date in force)"), col("published_on", "date", ""),
			col("updated_at", "date-time", "the last change of the record"), urlCol}},
	{Name: "reports", Title: "National reports", Key: "id", Description: "Public national reports and additional information the States submitted.",
		Columns: []OpenColumn{col("id", "integer", "napx's identifier of the report"), col("state", "string", "the State (alpha-3)"),
			col("type", "string", "first, addendum, additional-information, reply-to-committee, other"), col("title", "string", ""), col("date", "date", "the report's date in force"),
			col("language", "string", "ISO 639-1"), col("symbol", "string", "the official document symbol, if any"), col("link", "url", "the document's official link, if any"),
			col("pages", "integer", "0 when unknown"), col("document", "boolean", "napx keeps a copy of the document (on the record's page)"),
			col("source", "string", "where the record comes from, when not the document itself"), col("source_url", "url", ""), col("updated_at", "date-time", ""), urlCol}},
	{Name: "matrix-editions", Title: "1540 matrix editions", Key: "id", Description: "Approved (and superseded) editions of the States' 1540 matrices.",
		Columns: []OpenColumn{col("id", "integer", "napx's identifier of the edition"), col("state", "string", "the State (alpha-3)"), col("number", "integer", "the edition's number for the State"),
			col("status", "string", "approved or superseded"), col("taxonomy", "string", "the version of the field list"), col("approved_on", "date", "the approval's date in force"),
			col("updated_at", "date-time", ""), urlCol}},
	{Name: "events", Title: "Events", Key: "id", Description: "Public workshops, trainings, peer reviews, consultations, visits and meetings.",
		Columns: []OpenColumn{col("id", "integer", "napx's identifier of the event"), col("code", "string", "the organiser's event code, if any"),
			col("kind", "string", "workshop, poc-training, peer-review, nap-consultation, country-visit, meeting"), col("title", "string", ""),
			col("organiser", "string", "the organising State or organisation (code)"), col("start_day", "date", ""), col("end_day", "date", ""), col("venue", "string", ""),
			col("delegations_invited", "integer", ""), col("source", "string", "the source of an event recorded after the fact"), col("source_url", "url", ""),
			col("updated_at", "date-time", ""), urlCol}},
	{Name: "assistance-requests", Title: "Assistance requests", Key: "id", Description: "Requests circulated by the Committee, as their public summary: no template details, no contact.",
		Columns: []OpenColumn{col("id", "integer", "napx's identifier of the request"), col("state", "string", "the requester (code)"), col("title", "string", ""),
			col("status", "string", "circulated or closed"), col("summary", "string", "the Committee's public summary"), col("needs", "integer", "number of needs"),
			col("updated_at", "date-time", ""), urlCol}},
	{Name: "programmes", Title: "Assistance programmes", Key: "id", Description: "Programmes of assistance providers in the directory (open or closed).",
		Columns: []OpenColumn{col("id", "integer", "napx's identifier of the programme"), col("provider", "string", "the provider (code)"), col("title", "string", ""),
			col("status", "string", "open or closed"), col("starts_on", "date", ""), col("ends_on", "date", ""), col("website", "url", ""), col("updated_at", "date-time", ""), urlCol}},
}

// OpenKindByName returns the kind called name.
func OpenKindByName(name string) (OpenKind, bool) {
	for _, k := range OpenKinds {
		if k.Name == name {
			return k, true
		}
	}
	return OpenKind{}, false
}

// recordPath is the page of a record of an open kind.
func recordPath(kind string, row store.OpenRow) string {
	id := fmt.Sprint(row[0])
	switch kind {
	case "plans":
		return "/naps/" + id
	case "reports":
		return "/reports/" + id
	case "matrix-editions":
		return fmt.Sprintf("/states/%s/matrix?edition=%v", row[1], row[2])
	case "events":
		return "/events/" + id
	case "assistance-requests":
		return "/assistance/requests/" + id
	case "programmes":
		return "/assistance/programmes/" + id
	}
	return ""
}

func (o *OpenData) abs(path string) string { return o.baseURL + path }

// rows returns the rows of kind, each in the dictionary's column order.
func (o *OpenData) rows(ctx context.Context, kind string) ([][]any, error) {
	var out [][]any
	switch kind {
	case "states":
		for _, s := range o.cat.States {
			var groups []string
			for _, m := range o.cat.GroupsOf(s.Code) {
				groups = append(groups, m.Group.Code)
			}
			out = append(out, []any{s.Code, s.Alpha2, s.Name, s.FormalName, s.Status, s.UNMemberSince, strings.Join(groups, " "), o.abs("/states/" + s.Code)})
		}
		return out, nil
	case "taxonomy":
		tax, err := refdata.LoadTaxonomy()
		if err != nil {
			return nil, err
		}
		for _, f := range tax.Fields {
			w := "reconstructed"
			if f.Verified {
				w = "verified"
			}
			out = append(out, []any{f.ID, f.Section, f.Area, f.Weapon, f.Column, f.Label, w})
		}
		return out, nil
	}
	rs, err := o.db.OpenRows(ctx, kind)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		out = append(out, append([]any(r), o.abs(recordPath(kind, r))))
	}
	return out, nil
}

// CSV and JSON encodings of a kind.
func openCSV(k OpenKind, rows [][]any) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	head := make([]string, len(k.Columns))
	for i, c := range k.Columns {
		head[i] = c.Name
	}
	if err := w.Write(head); err != nil {
		return nil, err
	}
	for _, r := range rows {
		rec := make([]string, len(r))
		for i, v := range r {
			rec[i] = SpreadsheetText(fmt.Sprint(v))
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// openDocument is a kind's JSON file.
type openDocument struct {
	Kind        string           `json:"kind"`
	Title       string           `json:"title"`
	Licence     string           `json:"licence"`
	LicenceURL  string           `json:"licence_url"`
	GeneratedAt string           `json:"generated_at"`
	Columns     []string         `json:"columns"`
	Items       []map[string]any `json:"items"`
}

func openJSON(k OpenKind, rows [][]any, at time.Time) ([]byte, error) {
	doc := openDocument{Kind: k.Name, Title: k.Title, Licence: LicenceName, LicenceURL: LicenceURL, GeneratedAt: at.UTC().Format(time.RFC3339),
		Items: make([]map[string]any, len(rows))}
	for _, c := range k.Columns {
		doc.Columns = append(doc.Columns, c.Name)
	}
	for i, r := range rows {
		m := make(map[string]any, len(r))
		for j, c := range k.Columns {
			m[c.Name] = r[j]
		}
		doc.Items[i] = m
	}
	return json.Marshal(doc)
}

// Refresh generates every file from the data as it is and replaces the
// kept ones in one transaction.
func (o *OpenData) Refresh(ctx context.Context) error {
	ver, err := o.audit.DataVersion(ctx)
	if err != nil {
		return err
	}
	at := o.now().UTC()
	var files []store.OpenFile
	for _, k := range OpenKinds {
		rows, err := o.rows(ctx, k.Name)
		if err != nil {
			return err
		}
		c, err := openCSV(k, rows)
		if err != nil {
			return err
		}
		j, err := openJSON(k, rows, at)
		if err != nil {
			return err
		}
		for _, f := range []store.OpenFile{{Name: k.Name + ".csv", ContentType: "text/csv; charset=utf-8", Content: c},
			{Name: k.Name + ".json", ContentType: "application/json", Content: j}} {
			sum := sha256.Sum256(f.Content)
			f.SHA256, f.DataVersion, f.GeneratedAt = hex.EncodeToString(sum[:]), ver.Seq, at
			files = append(files, f)
		}
	}
	// Derived from audited records, like the search index: no audit entry
	// of its own (the data version it was made from is kept with it).
	return o.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.ReplaceOpenFiles(ctx, files) })
}

// File returns the file name (e.g. "plans.csv"): the kept one when it is
// as new as the data, else generated again first. ErrNotFound for a name
// that is no open-data file.
func (o *OpenData) File(ctx context.Context, name string) (store.OpenFile, error) {
	kind, ext, ok := strings.Cut(name, ".")
	if _, known := OpenKindByName(kind); !known || !ok || (ext != "csv" && ext != "json") {
		return store.OpenFile{}, model.ErrNotFound
	}
	ver, err := o.audit.DataVersion(ctx)
	if err != nil {
		return store.OpenFile{}, err
	}
	f, err := o.db.OpenFile(ctx, name)
	if err == nil && f.DataVersion >= ver.Seq {
		return f, nil
	}
	if err != nil && !errors.Is(err, model.ErrNotFound) {
		return f, err
	}
	if err := o.Refresh(ctx); err != nil {
		return store.OpenFile{}, err
	}
	return o.db.OpenFile(ctx, name)
}

// OpenChange is a public record changed since a day, for the feed.
type OpenChange struct {
	Kind      string `json:"kind"`
	ID        int64  `json:"id"`
	UpdatedAt string `json:"updated_at"`
	URL       string `json:"url"`
}

// Changes returns the public records changed on or after since (a day,
// YYYY-MM-DD); 422 naming since otherwise. A record that stopped being
// public is not in the feed: it is absent from the next files.
func (o *OpenData) Changes(ctx context.Context, since string) ([]OpenChange, model.Date, error) {
	d, err := model.ParseDate(strings.TrimSpace(since))
	if err != nil {
		return nil, d, model.Problems{"since": "enter a day as YYYY-MM-DD, such as 2026-01-01"}
	}
	chs, err := o.db.OpenChanges(ctx, d.Time())
	if err != nil {
		return nil, d, err
	}
	out := make([]OpenChange, len(chs))
	for i, c := range chs {
		out[i] = OpenChange{Kind: c.Kind, ID: c.ID, UpdatedAt: c.UpdatedAt.Format(time.RFC3339Nano), URL: o.abs(openChangePath(c))}
	}
	return out, d, nil
}

func openChangePath(c store.OpenChange) string {
	id := strconv.FormatInt(c.ID, 10)
	switch c.Kind {
	case "plans":
		return "/naps/" + id
	case "reports":
		return "/reports/" + id
	case "matrix-editions":
		return fmt.Sprintf("/states/%s/matrix?edition=%d", c.Owner, c.Number)
	case "events":
		return "/events/" + id
	case "assistance-requests":
		return "/assistance/requests/" + id
	}
	return "/assistance/programmes/" + id
}
