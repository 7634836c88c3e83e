package web

import (
	"net/http"
	"slices"
	"strings"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/service"
)

// The practice form's tags and sharing (issue 18, item 3). Tags are ticked
// among the tags already in use on the practices the reader may read
// (Practices.List: the one policy — a tag used only on a practice hidden
// from the reader is not offered) and new ones are added by "Add a new
// tag" rows, each chosen from the vocabulary (areas, assistance areas,
// matrix elements; a field ID may be typed). "Add another tag" shows the
// form again with one more row and saves nothing. Sharing is checkboxes of
// groups and organisations; States' codes, like the tags' syntax, stay in
// the "import for power users" boxes.

// practiceTagRows is how many blank "new tag" rows the form offers.
const practiceTagRows = 1

// practicePickers are the practice form's choices.
type practicePickers struct {
	TagsInUse  []choice
	Vocabulary []pick // the new tags' datalist
	NewTags    []string
	Share      []shareChoice
	Actions    linkPicker // NAP actions by title (practices_links.go)
	Related    linkPicker // related practices by title
}

// practiceTagsOf reads the tags: ticked, new rows, then the import box.
func practiceTagsOf(r *http.Request) string {
	var out []string
	picked := append(slices.Clone(r.PostForm["tag"]), r.PostForm["tag_new"]...)
	for _, s := range append(picked, splitList(r.PostFormValue("tags"))...) {
		if s = tagOf(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// tagOf is the tag of a picker's text ("OP3d-NW-09 — Label" → "OP3d-NW-09").
func tagOf(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, " — "); i > 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}

// practiceSharedOf reads the sharing: the ticked groups and organisations
// and the codes typed in the import box.
func practiceSharedOf(r *http.Request) string {
	var out []string
	for _, s := range append(slices.Clone(r.PostForm["share"]), splitList(r.PostFormValue("shared_with"))...) {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// tagLabel is a practice tag's words in p's language: an assistance area's
// name, or a matrix field's or element's label (part matrixlabels); english
// is the service's (Practices.TagLabel). known is false when only the
// English is known (the page marks it so). The words typed back with a tag
// ("AS-LEG — …") are cut at " — ", so they may be in any language.
func tagLabel(p *i18n.Printer, tag, english string) (label string, known bool) {
	if strings.HasPrefix(tag, "AS-") {
		if s := p.T("assistance.area." + tag); !strings.HasPrefix(s, i18n.Missing) {
			return s, true
		}
	}
	return matrixLabel(p, english)
}

// fillPracticePickers gives the practice form its choices; the form's own
// tags and sharing move from the text into the boxes, what is left (tags
// in no practice the reader reads are shown ticked too; States' codes and
// unknown text) stays in the import boxes.
func (h *Handler) fillPracticePickers(r *http.Request, p *practiceFormPage, moreTags bool) error {
	ps, err := h.svc.Practices.List(r.Context(), service.ViewerFrom(r.Context()), model.PracticeFilter{})
	if err != nil {
		return err
	}
	chosen := splitList(p.Input.Tags)
	var inUse []string
	for _, pr := range ps {
		for _, t := range pr.Tags {
			if !slices.Contains(inUse, t) {
				inUse = append(inUse, t)
			}
		}
	}
	slices.Sort(inUse)
	var unknown []string
	for _, t := range chosen {
		if canon, ok := h.svc.Practices.CanonicalTag(t); ok {
			if !slices.Contains(inUse, canon) {
				inUse = append(inUse, canon)
			}
		} else {
			unknown = append(unknown, t)
		}
	}
	pk := &p.Pickers
	pr := h.printer(r)
	for _, t := range inUse {
		label, known := tagLabel(pr, t, h.svc.Practices.TagLabel(t))
		c := choice{Value: t, Label: label, English: !known}
		for _, x := range chosen {
			if canon, ok := h.svc.Practices.CanonicalTag(x); ok && canon == t {
				c.Checked = true
			}
		}
		pk.TagsInUse = append(pk.TagsInUse, c)
	}
	for _, a := range model.MatrixAreas {
		pk.Vocabulary = append(pk.Vocabulary, pick{Value: a})
	}
	for _, a := range model.AssistanceAreaTags {
		label, _ := tagLabel(pr, a.Code, a.Label)
		pk.Vocabulary = append(pk.Vocabulary, pick{Value: a.Code + " — " + label})
	}
	var seen []string
	for _, f := range h.svc.NAPs.Taxonomy().Fields {
		if !slices.Contains(seen, f.Element) {
			seen = append(seen, f.Element)
			label, _ := matrixLabel(pr, f.Label)
			pk.Vocabulary = append(pk.Vocabulary, pick{Value: f.Element + " — " + label})
		}
	}
	for range practiceTagRows {
		pk.NewTags = append(pk.NewTags, "")
	}
	if moreTags {
		pk.NewTags = append(pk.NewTags, "")
	}
	p.Input.Tags = strings.Join(unknown, ", ")

	cat := h.svc.Directory.Catalog()
	lang := h.printer(r).Lang().Code
	shared := splitList(p.Input.SharedWith)
	var rest []string
	for _, g := range cat.Groups {
		pk.Share = append(pk.Share, shareChoice{Code: g.Code, Name: g.NameIn(lang), Group: true, Checked: slices.Contains(shared, g.Code)})
	}
	for _, o := range cat.Organizations {
		if o.Parent != "" && cat.State(o.Parent) != nil {
			continue // a State's programme is shared through the State
		}
		pk.Share = append(pk.Share, shareChoice{Code: o.Code, Name: cat.OrgNameIn(o.Code, lang), Checked: slices.Contains(shared, o.Code)})
	}
	for _, s := range shared {
		if !slices.ContainsFunc(pk.Share, func(c shareChoice) bool { return c.Code == s }) {
			rest = append(rest, s)
		}
	}
	p.Input.SharedWith = strings.Join(rest, ", ")
	return nil
}
