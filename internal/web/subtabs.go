package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Sub-tabs on the long pages (issue 18, item 4): the organiser's manage
// page, the event page, a State's matrix and a plan. A tab is a real link
// (?tab=key) that works without JavaScript, the current one marked
// aria-current. The whole page is still written: a tab not chosen is
// hidden on a screen only (class tab-off), so the print view stays whole,
// and a link to a heading inside another tab (the "on this page" lists, a
// redirect's #fragment) shows that tab's panel (CSS :has(:target)).
//
// Which tab is current: ?tab= when it names one; else the tab of the
// form whose problems the page shows again (by the problems' keys); else
// the tab of what was just done (?done=); else the page's own choice
// (the matrix's fields when there is no edition to summarise); else the
// first.

// tabDef is one tab of a page: its key (?tab=, the panel's id "tab-key",
// the label "tabs.<page>.<key>") and what sends the reader to it.
type tabDef struct {
	Key      string
	Problems []string // prefixes of the problems' keys of its forms
	Done     []string // prefixes of the ?done= values of its actions
	Query    []string // query parameters that belong to it (its filters)
}

// pageTabs are the tabs of each page with tabs, by template name.
var pageTabs = map[string][]tabDef{
	"event_manage": {
		{Key: "programme", Problems: []string{"session-"}, Done: []string{"session-"}},
		{Key: "participants", Problems: []string{"quota", "fields-"}, Done: []string{"quotas-", "nomination-fields-", "event-created"}},
		{Key: "materials", Problems: []string{"material-"}, Done: []string{"material-"}},
		{Key: "followup", Problems: []string{"lesson-", "followup-"}, Done: []string{"lesson-", "followup-"}},
	},
	"event": {
		{Key: "about"},
		{Key: "programme"},
		{Key: "materials"},
		{Key: "followup", Done: []string{"followup-"}},
	},
	"matrix_state": {
		{Key: "coverage"},
		{Key: "fields", Problems: []string{"section", "weapon", "status", "wording", "q"}, Query: []string{"section", "weapon", "status", "wording", "q"}},
		{Key: "editions"},
	},
	"nap_show": {
		{Key: "overview"},
		{Key: "sections"},
		{Key: "actions", Done: []string{"action-"}},
		{Key: "submissions", Done: []string{"nap-submitted"}},
	},
}

// subtab is one tab as the partial "subtabs" draws it: its link is the
// page's own path (which the template knows: after a refused POST the
// request's path is the form's) and Query.
type subtab struct {
	Key, Label, Query string
	Current           bool
}

// tabHint lets a page choose its tab when nothing else does.
type tabHint interface{ defaultTab() string }

// setTabs fills b.Tab and b.Tabs for a page with tabs.
func (h *Handler) setTabs(b *Base, r *http.Request, name string, data page) {
	defs, ok := pageTabs[name]
	if !ok {
		return
	}
	q := r.URL.Query()
	tab := chooseTab(defs, q, b.Problems)
	if tab == "" {
		if hint, ok := data.(tabHint); ok {
			tab = hint.defaultTab()
		}
	}
	if tab == "" {
		tab = defs[0].Key
	}
	b.Tab = tab
	pr := h.printer(r)
	for _, d := range defs {
		link := url.Values{}
		for k, v := range q {
			if k == "done" || k == "lang" || k == "tab" {
				continue
			}
			link[k] = v
		}
		link.Set("tab", d.Key)
		b.Tabs = append(b.Tabs, subtab{Key: d.Key, Label: pr.T("tabs." + name + "." + d.Key), Query: link.Encode(), Current: d.Key == tab})
	}
}

// chooseTab is the tab asked for, or the one the problems or the done
// value belong to; "" when none says.
func chooseTab(defs []tabDef, q url.Values, probs map[string]string) string {
	if t := q.Get("tab"); t != "" {
		for _, d := range defs {
			if d.Key == t {
				return t
			}
		}
	}
	hasPrefix := func(s string, prefixes []string) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
	}
	for _, d := range defs {
		for k := range probs {
			if hasPrefix(k, d.Problems) {
				return d.Key
			}
		}
	}
	if done := q.Get("done"); done != "" {
		for _, d := range defs {
			if hasPrefix(done, d.Done) {
				return d.Key
			}
		}
	}
	for _, d := range defs {
		for _, k := range d.Query {
			if q.Get(k) != "" {
				return d.Key
			}
		}
	}
	return ""
}

// defaultTab: a State's matrix without an edition has no coverage to
// summarise; its tab is the fields (the blank grid the experts fill).
func (p *matrixPage) defaultTab() string {
	if p.View == nil || p.View.Edition.Number == 0 {
		return "fields"
	}
	return ""
}
