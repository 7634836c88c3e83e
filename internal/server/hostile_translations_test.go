package server_test

import (
	"fmt"
	"net/url"
	"strings"

	"napx/internal/webtest"
)

// translationCases are the write routes of records in several languages
// (issue 17, item 4): the page (one for every kind) and each kind's API.
// The controls add a translation into Spanish (page) and Chinese (API) and set the original's
// language to English (as it was), so later cases read as before.
func (w *hostileWorld) translationCases() []hostileCase {
	page := fmt.Sprintf("/translations/nap/%d", w.plan)
	out := []hostileCase{
		{route: "POST /translations/{kind}/{id}", path: page, as: w.hrvCoord, kind: formBody, form: url.Values{"text_language": {"en"}}, control: true},
		{route: "POST /translations/{kind}/{id}/{lang}", path: page + "/es", as: w.hrvCoord, kind: formBody, form: url.Values{"title": {"Plan nacional"}}, control: true},
		{route: "POST /translations/{kind}/{id}/{lang}/remove", path: page + "/ru/remove", as: w.hrvCoord, kind: formBody, form: url.Values{"version": {"1"}},
			skip: []string{"version"}}, // a malformed version is the one version rule (422); there is no translation into Russian to remove
	}
	for _, k := range []struct {
		pattern string
		id      int64
		as      *webtest.Client
	}{
		{"/naps/{id}", w.plan, w.hrvCoord},
		{"/practices/{id}", w.practice, w.hrvCoord},
		{"/events/{id}", w.event, w.racviac},
		{"/assistance/requests/{id}", w.assist.draft, w.hrvCoord},
	} {
		api := "/api/v1" + strings.Replace(k.pattern, "{id}", fmt.Sprint(k.id), 1)
		out = append(out,
			hostileCase{route: "PUT /api/v1" + k.pattern + "/translations/{lang}", path: api + "/translations/zh", as: k.as, kind: jsonBody,
				json: `{"fields":{"title":"标题"},"machine":true}`, control: true},
			hostileCase{route: "DELETE /api/v1" + k.pattern + "/translations/{lang}", path: api + "/translations/ru?version=1", as: k.as, kind: noBody},
			hostileCase{route: "PUT /api/v1" + k.pattern + "/language", path: api + "/language", as: k.as, kind: jsonBody, json: `{"language":"en"}`, control: true},
		)
	}
	// A plan's action (item 4, its parts): under its plan, written in the
	// plan's language (no /language of its own).
	act := fmt.Sprintf("/api/v1/naps/%d/actions/%d/translations", w.plan, w.action)
	out = append(out,
		hostileCase{route: "PUT /api/v1/naps/{id}/actions/{actionID}/translations/{lang}", path: act + "/zh", as: w.hrvCoord, kind: jsonBody,
			json: `{"fields":{"title":"行动","description":"说明"}}`, control: true},
		hostileCase{route: "DELETE /api/v1/naps/{id}/actions/{actionID}/translations/{lang}", path: act + "/ru?version=1", as: w.hrvCoord, kind: noBody},
	)
	return out
}
