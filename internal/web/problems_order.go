package web

import (
	"bytes"
	"html"
	"sort"
)

// The error summary lists the problems in the order their fields come in
// the form (the GOV.UK pattern: the summary reads like the form). The
// services' problems are a map, so the summary's template writes them in
// the order of the field names; orderProblems then sorts the executed
// summary's links by where each field's id first appears in the page — one
// rule for every form, with no list of fields kept beside each template.
// A link whose field is not in the page keeps its place after the others.

var (
	problemsOpen = []byte(`id="problems">`)
	ulOpen       = []byte("<ul>")
	ulClose      = []byte("</ul>")
	liClose      = []byte("</li>")
	hrefOpen     = []byte(`<a href="#`)
)

// orderProblems reorders page's error summary in place of its links, or
// returns page as it is when it has none.
func orderProblems(page []byte) []byte {
	at := bytes.Index(page, problemsOpen)
	if at < 0 {
		return page
	}
	open := bytes.Index(page[at:], ulOpen)
	end := bytes.Index(page[at:], ulClose)
	if open < 0 || end < open {
		return page
	}
	open, end = at+open+len(ulOpen), at+end
	type item struct {
		text []byte
		pos  int
	}
	var items []item
	rest := page[open:end]
	for {
		i := bytes.Index(rest, liClose)
		if i < 0 {
			break
		}
		it := item{text: rest[:i+len(liClose)], pos: len(page)}
		if h := bytes.Index(it.text, hrefOpen); h >= 0 {
			field := it.text[h+len(hrefOpen):]
			if q := bytes.IndexByte(field, '"'); q >= 0 {
				id := []byte(`id="` + html.UnescapeString(string(field[:q])) + `"`)
				// The field's own id, searched outside the summary.
				if p := bytes.Index(page[end:], id); p >= 0 {
					it.pos = end + p
				} else if p := bytes.Index(page[:at], id); p >= 0 {
					it.pos = p
				}
			}
		}
		items = append(items, it)
		rest = rest[i+len(liClose):]
	}
	if len(items) < 2 {
		return page
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].pos < items[j].pos })
	out := make([]byte, 0, len(page))
	out = append(out, page[:open]...)
	for _, it := range items {
		out = append(out, it.text...)
	}
	out = append(out, rest...)
	return append(out, page[end:]...)
}
