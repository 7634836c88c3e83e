package web

import (
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"napx/internal/model"
)

// Enter in a "Find" box finds (issue 18, follow-up "find"). A form's
// default button is its main act (partial default-submit), so Enter in a
// picker's search box posts the main act: HTML cannot give one field its own
// default button, and the house uses no JavaScript for it. The server tells
// the two apart instead. Each search box carries a hidden twin, the words
// the box held when the page was rendered (findTwin); a main act posted
// while a box holds other words is taken as that box's "Find": the handler
// shows the form again with the search done, saves nothing, and the page
// says so by the box (partial find-twin, message find.shown). One rule, in
// this one helper, for every form with a search box.
//
// The twin never blocks a save: an absent twin is no pending search (the
// API and forms rendered before this change save as they did), an empty box
// is none either (clearing a box is not a search), and the form shown again
// carries the words searched as its twin, so the next main act saves. Twin
// and box are compared as words (spaces collapsed), capped at the box's
// length (model.MaxSearchText): a forged twin is plain text and can at most
// cost one re-render.

// findTwin is the name of a search box's hidden twin.
func findTwin(box string) string { return box + "_searched" }

// findWords is a search text as the twin compares it: its words, one space
// apart, capped at the box's length.
func findWords(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= model.MaxSearchText {
		return s
	}
	n := 0
	for i := range s {
		if n == model.MaxSearchText {
			return s[:i]
		}
		n++
	}
	return s
}

// pendingFinds is the boxes, among boxes, whose words differ from the
// words last searched (their twins): a POST that names any of them is a
// "Find", not the form's main act. A box without its twin in the form, or
// empty, is never pending.
func pendingFinds(r *http.Request, boxes ...string) []string {
	var out []string
	for _, box := range boxes {
		twin, ok := r.PostForm[findTwin(box)]
		if !ok || len(twin) == 0 {
			continue
		}
		words := findWords(r.PostFormValue(box))
		if words != "" && words != findWords(twin[0]) {
			out = append(out, box)
		}
	}
	return out
}

// findBox is what a search box's template needs of this rule (partial
// find-twin): the twin's name and words, and whether the form is shown
// again because a main act found instead of saving.
type findBox struct {
	Box      string // the search box's name (and id)
	Twin     string // the hidden twin's name
	Searched string // the words the box holds as rendered (the twin's value)
	Instead  bool   // the main act was posted with these words unsearched: found, nothing saved
	Focus    bool   // Instead, and the first such box: it takes the focus back (autofocus)
}

// newFindBox is a box's findBox for the words q it is rendered with;
// pending is pendingFinds of the POST when it was the main act (nil on a
// GET or when a re-render button was pressed). Words the search refused
// (a problem of the box in probs) are said by the problem, not as results.
// The first box found instead gets the focus back (autofocus, described by
// the line that says what happened): Enter was pressed there, and without
// it the page would open at its top, the results out of sight.
func newFindBox(box, q string, pending []string, probs model.Problems) findBox {
	fb := findBox{Box: box, Twin: findTwin(box), Searched: findWords(q)}
	fb.Instead = slices.Contains(pending, box) && probs[box] == ""
	fb.Focus = fb.Instead && pending[0] == box
	return fb
}
