package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"napx/internal/model"
	"napx/internal/webtest"
)

type notificationList struct {
	Items []struct {
		ID      int64  `json:"id"`
		Kind    string `json:"kind"`
		Title   string `json:"title"`
		URL     string `json:"url"`
		Read    bool   `json:"read"`
		Created string `json:"created"`
	} `json:"items"`
	Unread int    `json:"unread"`
	Next   string `json:"next"`
}

type apiError struct {
	Error  string            `json:"error"`
	Fields map[string]string `json:"fields"`
}

// TestNotificationsAPI: the inbox newest first and paginated with next,
// marking read, the settings and the follows, as the issue names them.
func TestNotificationsAPI(t *testing.T) {
	webtest.Each(t, func(t *testing.T, app *webtest.App) {
		app.RunJobs()
		c := app.Account("HRV", model.RoleEditor)
		other := app.Account("SRB", model.RoleEditor)
		ctx := context.Background()
		// Five security notices: the token the test client got, and four more.
		for _, name := range []string{"a", "b", "c", "d"} {
			if _, _, err := app.Services.Accounts.CreateToken(ctx, c.Viewer, c.Account.Email, "token "+name); err != nil {
				t.Fatal(err)
			}
		}
		app.WaitJobs()
		if code := app.JSON("GET", "/api/v1/notifications", nil, nil); code != http.StatusUnauthorized {
			t.Errorf("anonymous: %d", code)
		}
		var page notificationList
		if code := c.JSON("GET", "/api/v1/notifications?limit=2", nil, &page); code != 200 {
			t.Fatalf("list: %d", code)
		}
		if len(page.Items) != 2 || page.Unread != 5 || page.Next == "" || !strings.Contains(page.Items[0].Title, "API token") ||
			page.Items[0].Kind != "account.security" || page.Items[0].URL != "/account" || page.Items[0].Read || page.Items[0].Created == "" {
			t.Fatalf("first page %+v", page)
		}
		var all []int64
		for _, it := range page.Items {
			all = append(all, it.ID)
		}
		for next := page.Next; next != ""; {
			var p notificationList
			if code := c.JSON("GET", next, nil, &p); code != 200 {
				t.Fatalf("%s: %d", next, code)
			}
			for _, it := range p.Items {
				all = append(all, it.ID)
			}
			next = p.Next
		}
		if len(all) != 5 {
			t.Fatalf("pages gave %d notifications, want 5: %v", len(all), all)
		}
		for i := 1; i < len(all); i++ {
			if all[i] >= all[i-1] {
				t.Errorf("not newest first: %v", all)
			}
		}
		var bad apiError
		if code := c.JSON("GET", "/api/v1/notifications?limit=0", nil, &bad); code != http.StatusUnprocessableEntity || bad.Fields["limit"] == "" {
			t.Errorf("limit=0: %d %+v", code, bad)
		}
		var one struct {
			ID   int64 `json:"id"`
			Read bool  `json:"read"`
		}
		if code := c.JSON("POST", "/api/v1/notifications/"+itoa(all[0])+"/read", nil, &one); code != 200 || !one.Read || one.ID != all[0] {
			t.Errorf("read: %d %+v", code, one)
		}
		if code := other.JSON("POST", "/api/v1/notifications/"+itoa(all[1])+"/read", nil, nil); code != http.StatusNotFound {
			t.Errorf("someone else's notification: %d", code)
		}
		var marked struct{ Marked, Unread int }
		if code := c.JSON("POST", "/api/v1/notifications/read-all", nil, &marked); code != 200 || marked.Marked != 4 || marked.Unread != 0 {
			t.Errorf("read-all: %d %+v", code, marked)
		}

		// Settings: every kind; a PUT may send back what GET gave.
		var settings struct {
			Items []map[string]any `json:"items"`
		}
		if code := c.JSON("GET", "/api/v1/me/notification-settings", nil, &settings); code != 200 || len(settings.Items) != len(model.NoticeKinds) {
			t.Fatalf("settings: %d %+v", code, settings)
		}
		for _, it := range settings.Items {
			if it["kind"] == "nap.published" {
				it["delivery"] = "off"
			}
		}
		if code := c.JSON("PUT", "/api/v1/me/notification-settings", settings, &settings); code != 200 {
			t.Fatalf("put settings: %d", code)
		}
		for _, it := range settings.Items {
			if it["kind"] == "nap.published" && it["delivery"] != "off" {
				t.Errorf("nap.published not off: %+v", it)
			}
		}
		for body, field := range map[string]string{
			`{"items":[{"kind":"account.security","delivery":"off"}]}`: "account.security",
			`{"items":[{"kind":"no.such","delivery":"off"}]}`:          "no.such",
			`{"items":[{"kind":"nap.published","delivery":"weekly"}]}`: "nap.published",
			`{"items":[{"kind":"nap.published","colour":"red"}]}`:      "colour",
		} {
			rec := c.Do(webtest.Request{Method: "PUT", Path: "/api/v1/me/notification-settings", Body: strings.NewReader(body), Header: http.Header{"Content-Type": {"application/json"}}})
			if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), `"`+field+`"`) {
				t.Errorf("PUT %s: %d %s", body, rec.Code, rec.Body.String())
			}
		}

		// Follows.
		var f map[string]any
		if code := c.JSON("POST", "/api/v1/me/follows", map[string]string{"kind": "state", "target": "srb"}, &f); code != http.StatusCreated || f["target"] != "SRB" || f["label"] != "Serbia" {
			t.Errorf("follow SRB: %d %+v", code, f)
		}
		if code := c.JSON("POST", "/api/v1/me/follows", map[string]string{"kind": "state", "target": "XYZ"}, nil); code != http.StatusNotFound {
			t.Errorf("follow XYZ: %d", code)
		}
		if code := c.JSON("POST", "/api/v1/me/follows", map[string]string{"kind": "planet", "target": "Mars"}, nil); code != http.StatusUnprocessableEntity {
			t.Errorf("follow a planet: %d", code)
		}
		var follows struct {
			Items []map[string]any `json:"items"`
		}
		if code := c.JSON("GET", "/api/v1/me/follows", nil, &follows); code != 200 || len(follows.Items) != 1 || follows.Items[0]["url"] != "/states/SRB" {
			t.Errorf("follows: %d %+v", code, follows)
		}
		if code := c.JSON("DELETE", "/api/v1/me/follows?kind=state&target=SRB", nil, nil); code != http.StatusNoContent {
			t.Errorf("unfollow: %d", code)
		}
		if code := c.JSON("DELETE", "/api/v1/me/follows?kind=state&target=SRB", nil, nil); code != http.StatusNotFound {
			t.Errorf("unfollow again: %d", code)
		}
		if code := app.JSON("DELETE", "/api/v1/me/follows?kind=state&target=SRB", nil, nil); code != http.StatusUnauthorized {
			t.Errorf("anonymous unfollow: %d", code)
		}

		// The OpenAPI document lists every route.
		var doc struct {
			Paths map[string]map[string]any `json:"paths"`
		}
		app.JSON("GET", "/api/v1/openapi.json", nil, &doc)
		for p, methods := range map[string][]string{
			"/notifications": {"get"}, "/notifications/{id}/read": {"post"}, "/notifications/read-all": {"post"},
			"/me/notification-settings": {"get", "put"}, "/me/follows": {"get", "post", "delete"},
		} {
			for _, m := range methods {
				if doc.Paths[p][m] == nil {
					t.Errorf("OpenAPI lacks %s %s", m, p)
				}
			}
		}
	}, webtest.Jobs(webtest.FastJobs))
}
